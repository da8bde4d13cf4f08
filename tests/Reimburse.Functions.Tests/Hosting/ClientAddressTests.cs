using System.Net;
using Microsoft.AspNetCore.Http;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Tests.Hosting;

/// <summary>Which address a request counts as for per-client limits, under the Functions host and without it.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:51234", "203.0.113.7")]
    [InlineData(" 203.0.113.7 ", "203.0.113.7")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    [InlineData("[2001:db8::7]", "2001:db8::7")]
    [InlineData("[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    // Proxies append: the last entry is the platform front end's, the ones before it are the client's own words.
    [InlineData("198.51.100.1, 203.0.113.7", "203.0.113.7")]
    [InlineData("made-up, 203.0.113.7:80", "203.0.113.7")]
    // A hop on loopback (the host itself) is skipped.
    [InlineData("203.0.113.7, 127.0.0.1", "203.0.113.7")]
    [InlineData("203.0.113.7,", "203.0.113.7")]
    public void Behind_loopback_the_client_is_the_last_forwarded_address_that_is_not_loopback(string forwardedFor, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClientAddress.Of(Request(IPAddress.Loopback, forwardedFor)));
    }

    [Fact]
    public void Several_header_lines_are_read_as_one_list_in_order()
    {
        var context = Request(IPAddress.IPv6Loopback, null);
        context.Request.Headers["X-Forwarded-For"] = new(["198.51.100.1", "203.0.113.7:1234"]);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddress.Of(context));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    [InlineData("unknown")]
    [InlineData("_hidden")]
    [InlineData("12345")]
    [InlineData("0x7f.1")]
    [InlineData("203.0.113.7:notaport")]
    [InlineData("203.0.113.7:70000")]
    [InlineData("203.0.113.300")]
    [InlineData("[2001:db8::7")]
    [InlineData("[2001:db8::7]x")]
    [InlineData("[203.0.113.7")]
    [InlineData("127.0.0.1")]
    // The last entry is not an address: the header is not the platform's, and nothing before it is believed.
    [InlineData("203.0.113.7, garbage")]
    [InlineData("203.0.113.70000000000000000000000000000000000000000000000000000000000000000000")]
    public void A_missing_or_malformed_forwarded_address_falls_back_to_the_connection(string? forwardedFor)
    {
        Assert.Equal(IPAddress.Loopback, ClientAddress.Of(Request(IPAddress.Loopback, forwardedFor)));
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("2001:db8::10")]
    public void A_caller_that_is_not_on_loopback_is_its_connection_whatever_the_header_says(string remote)
    {
        var address = IPAddress.Parse(remote);

        Assert.Equal(address, ClientAddress.Of(Request(address, "203.0.113.7")));
        Assert.Equal(address, ClientAddress.Of(Request(address, null)));
    }

    [Fact]
    public void Without_a_connection_address_the_header_is_not_believed()
    {
        Assert.Null(ClientAddress.Of(Request(null, "203.0.113.7")));
    }

    private static DefaultHttpContext Request(IPAddress? remote, string? forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote;
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }
        return context;
    }
}
