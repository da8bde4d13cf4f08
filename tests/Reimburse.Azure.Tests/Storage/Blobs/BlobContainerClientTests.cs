using System.Security.Cryptography;
using Azure;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Testing;

namespace Reimburse.Azure.Tests.Storage.Blobs;

public sealed class BlobContainerClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("c" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        return container;
    }

    [Fact]
    public async Task Creating_a_container_twice_succeeds_and_reports_it_existed()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, "twice-" + Guid.NewGuid().ToString("N")[..8]);

        var first = await container.CreateIfNotExistsAsync();
        var second = await container.CreateIfNotExistsAsync();

        Assert.NotNull(first);
        Assert.Equal(201, first.GetRawResponse().Status);
        Assert.Null(second);
        Assert.True((await container.ExistsAsync()).Value);
        Assert.True((await container.DeleteIfExistsAsync()).Value);
        Assert.False((await container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task Uploaded_blob_keeps_content_type_metadata_and_bytes()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("statements/2024/明細 1.pdf");
        byte[] bytes = [0x25, 0x50, 0x44, 0x46, 0x2D, 1, 2, 3];

        var upload = await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
            Metadata = new Dictionary<string, string> { ["claimId"] = "C-0001", ["kind"] = "statement" },
        });
        var properties = (await blob.GetPropertiesAsync()).Value;
        var downloaded = (await blob.DownloadContentAsync()).Value;

        Assert.Equal("application/pdf", properties.ContentType);
        Assert.Equal(bytes.Length, properties.ContentLength);
        Assert.Equal(upload.Value.ETag, properties.ETag);
        Assert.Equal("C-0001", properties.Metadata["claimid"]);
        Assert.Equal("statement", properties.Metadata["kind"]);
        Assert.Equal(bytes, downloaded.ToArray());
        Assert.Equal(MD5.HashData(bytes), properties.ContentHash);
    }

    [Fact]
    public async Task Write_once_upload_returns_409_on_the_second_put_and_keeps_the_first_content()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient(Guid.NewGuid().ToString("N"));
        var writeOnce = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };

        await blob.UploadAsync(BinaryData.FromString("first"), writeOnce);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("second"), writeOnce));
        var viaContainer = await Assert.ThrowsAsync<RequestFailedException>(() => container.UploadBlobAsync(blob.Name, new MemoryStream([1, 2, 3])));

        Assert.Equal(409, ex.Status);
        Assert.Equal("BlobAlreadyExists", ex.ErrorCode);
        Assert.Equal(409, viaContainer.Status);
        Assert.Equal("first", (await blob.DownloadContentAsync()).Value.ToString());
    }

    [Fact]
    public async Task Download_streams_a_large_blob_without_buffering_it()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("big.bin");
        var bytes = new byte[6 * 1024 * 1024];
        Random.Shared.NextBytes(bytes);
        await blob.UploadAsync(new BinaryData(bytes));

        using var download = (await blob.DownloadStreamingAsync()).Value;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        int read;
        long total = 0;
        while ((read = await download.Content.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        Assert.IsNotType<MemoryStream>(download.Content);
        Assert.Equal(bytes.Length, download.Details.ContentLength);
        Assert.Equal(bytes.Length, total);
        Assert.Equal(SHA256.HashData(bytes), hash.GetHashAndReset());
    }

    [Fact]
    public async Task Non_seekable_stream_uploads()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("piped.txt");

        await blob.UploadAsync(new NonSeekableStream(new MemoryStream("piped content"u8.ToArray())));

        Assert.Equal("piped content", (await blob.DownloadContentAsync()).Value.ToString());
    }

    [Fact]
    public async Task Missing_blob_fails_with_404_BlobNotFound_and_delete_if_exists_is_false()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("missing");

        var head = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync());
        var get = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadStreamingAsync());

        Assert.Equal((404, "BlobNotFound"), (head.Status, head.ErrorCode));
        Assert.Equal((404, "BlobNotFound"), (get.Status, get.ErrorCode));
        Assert.False((await blob.ExistsAsync()).Value);
        Assert.False((await blob.DeleteIfExistsAsync()).Value);
    }

    [Fact]
    public async Task Deleted_blob_is_gone()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("doomed");
        await blob.UploadAsync(BinaryData.FromString("x"));

        await blob.DeleteAsync();

        Assert.False((await blob.ExistsAsync()).Value);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => blob.DeleteAsync())).Status);
    }

    [Fact]
    public async Task Listing_by_prefix_pages_through_every_blob_with_metadata()
    {
        var container = await NewContainerAsync();
        for (var i = 0; i < 12; i++)
        {
            await container.GetBlobClient($"claims/C-{i:D2}/statement #{i}.png").UploadAsync(
                BinaryData.FromString(new string('x', i)),
                new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }
        await container.GetBlobClient("exports/batch-1.txt").UploadAsync(BinaryData.FromString("zengin"));

        var pages = await container.GetBlobsAsync(BlobTraits.Metadata, "claims/").AsPages(pageSizeHint: 5).ToListAsync();
        var all = await container.GetBlobsAsync().ToListAsync();

        var items = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Equal(12, items.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"claims/C-{i:D2}/statement #{i}.png"), items.Select(b => b.Name));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), items.Select(b => b.Properties.ContentLength));
        Assert.Equal("7", items[7].Properties.Metadata["index"]);
        Assert.Equal(13, all.Count);
        Assert.Empty(all[0].Properties.Metadata);
    }

    [Fact]
    public async Task Invalid_metadata_and_names_fail_before_any_request()
    {
        var container = await NewContainerAsync();
        var blob = container.GetBlobClient("x");

        await Assert.ThrowsAsync<ArgumentException>(() => blob.UploadAsync(BinaryData.FromString("x"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["name"] = "山田" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => blob.UploadAsync(BinaryData.FromString("x"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["evil"] = "a\r\nx-ms-meta-b: c" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => blob.UploadAsync(BinaryData.FromString("x"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["1bad"] = "v" } }));
        Assert.Throws<ArgumentException>(() => container.GetBlobClient(string.Empty));
        Assert.Throws<ArgumentException>(() => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("Bad_Name"));
        Assert.False((await blob.ExistsAsync()).Value);
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
