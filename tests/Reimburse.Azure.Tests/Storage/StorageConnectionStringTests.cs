using Reimburse.Azure.Storage;

namespace Reimburse.Azure.Tests.Storage;

public sealed class StorageConnectionStringTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Development_storage_points_at_azurite_default_ports_with_the_well_known_account()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.True(parsed.IsDevelopmentStorage);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void Account_name_key_and_suffix_make_the_public_endpoints()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=reimburse01;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://reimburse01.blob.core.windows.net"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("https://reimburse01.queue.core.windows.net"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("https://reimburse01.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_win_and_keep_the_account_path()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1/;TableEndpoint=http://127.0.0.1:41002/devstoreaccount1");

        Assert.Equal(new Uri("http://127.0.0.1:41000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://devstoreaccount1.queue.core.windows.net"), parsed.QueueEndpoint);
    }

    [Theory]
    [InlineData("AccountName=a", "AccountKey")]
    [InlineData("AccountKey=" + Key, "AccountName")]
    [InlineData("AccountName=a;AccountKey=not*base64", "base64")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";BlobEndpoint=ftp://x", "BlobEndpoint")]
    [InlineData("AccountName=a;SharedAccessSignature=sv=1&sig=abc", "SAS")]
    [InlineData("garbage", "Name=Value")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    public void Malformed_connection_string_names_the_problem_and_never_the_key(string connectionString, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_forms_never_show_the_key()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=a;AccountKey={Key}");

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, parsed.Credential.ToString(), StringComparison.Ordinal);
    }
}
