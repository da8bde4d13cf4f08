using Azure.Core;
using Azure.Core.Pipeline;
using Reimburse.Azure.Storage;

namespace Reimburse.Azure.Tests.Storage;

/// <summary>The strings to sign, checked line by line against the documented Shared Key formats.</summary>
public sealed class SharedKeyPolicyTests
{
    private static Request NewRequest(RequestMethod method, string uri)
    {
        var request = HttpPipelineBuilder.Build(new Azure.Storage.Blobs.BlobClientOptions()).CreateRequest();
        request.Method = method;
        request.Uri.Reset(new Uri(uri));
        return request;
    }

    [Fact]
    public void Blob_and_queue_string_to_sign_has_standard_headers_sorted_ms_headers_and_sorted_decoded_query()
    {
        var request = NewRequest(RequestMethod.Put, "https://acct.blob.core.windows.net/statements/claim%201/a%2Bb.pdf?restype=x&comp=metadata&Include=b,a");
        request.Headers.Add("x-ms-meta-zeta", " z ");
        request.Headers.Add("x-ms-date", "Fri, 01 Mar 2024 00:00:00 GMT");
        request.Headers.Add("X-MS-Version", "2024-08-04");
        request.Headers.Add("Content-Type", "application/pdf");
        request.Headers.Add("If-None-Match", "*");
        request.Content = RequestContent.Create(new byte[5]);

        var toSign = SharedKeyPolicy.BlobQueueStringToSign(request, "acct");

        Assert.Equal(
            "PUT\n" +
            "\n" +                       // Content-Encoding
            "\n" +                       // Content-Language
            "5\n" +                      // Content-Length
            "\n" +                       // Content-MD5
            "application/pdf\n" +
            "\n" +                       // Date (x-ms-date is used)
            "\n" +                       // If-Modified-Since
            "\n" +                       // If-Match
            "*\n" +                      // If-None-Match
            "\n" +                       // If-Unmodified-Since
            "\n" +                       // Range
            "x-ms-date:Fri, 01 Mar 2024 00:00:00 GMT\n" +
            "x-ms-meta-zeta:z\n" +
            "x-ms-version:2024-08-04\n" +
            "/acct/statements/claim%201/a%2Bb.pdf\n" +
            "comp:metadata\n" +
            "include:b,a\n" +
            "restype:x",
            toSign);
    }

    [Fact]
    public void Zero_length_body_signs_an_empty_content_length()
    {
        var request = NewRequest(RequestMethod.Get, "http://127.0.0.1:10000/devstoreaccount1/c?restype=container");

        var lines = SharedKeyPolicy.BlobQueueStringToSign(request, "devstoreaccount1").Split('\n');

        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal("/devstoreaccount1/devstoreaccount1/c", lines[^2]);
        Assert.Equal("restype:container", lines[^1]);
    }

    [Fact]
    public void Table_string_to_sign_has_verb_md5_type_date_and_resource_with_comp_only()
    {
        var request = NewRequest(RequestMethod.Get, "https://acct.table.core.windows.net/claims()?$filter=PartitionKey%20eq%20%27a%27&comp=acl");
        request.Headers.Add("Content-Type", "application/json");

        var toSign = SharedKeyPolicy.TableStringToSign(request, "acct", "Fri, 01 Mar 2024 00:00:00 GMT");

        Assert.Equal("GET\n\napplication/json\nFri, 01 Mar 2024 00:00:00 GMT\n/acct/claims()?comp=acl", toSign);
    }
}
