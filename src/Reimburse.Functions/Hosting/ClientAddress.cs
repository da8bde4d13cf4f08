using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Primitives;

namespace Reimburse.Functions.Hosting;

/// <summary>
/// The address of the client a request comes from, for per-client limits. Under the Functions host every request
/// reaches the app from the host on loopback; the platform's front end names the caller in <c>X-Forwarded-For</c>,
/// which the host's HTTP forwarding passes on.
/// </summary>
/// <remarks>
/// <para>Deliberately not the forwarded-headers middleware: it rewrites <c>RemoteIpAddress</c> and consumes
/// <c>X-Forwarded-For</c>, which <see cref="CustomHandlerHosting.IsHostInvocation"/> relies on to tell the host's own
/// invocations from forwarded public requests. This only reads the header, for the limiter's partition key.</para>
/// <para>The header counts only on a loopback connection (the host, or a local proxy): a caller that reaches the app
/// directly cannot choose its partition with it. Of its entries, the last one that is not loopback counts: proxies
/// append, so that is the one the platform's front end wrote, while the entries before it are whatever the client sent.
/// A malformed entry there means the header cannot be trusted, and the connection's address is used.</para>
/// </remarks>
public static class ClientAddress
{
    /// <summary>The header the platform's front end records the caller's address in.</summary>
    public const string ForwardedForHeader = "X-Forwarded-For";

    // Longer than any address with a port ("[ffff:…:ffff%zone]:65535"): anything longer is not one.
    private const int MaxEntryLength = 64;

    /// <summary>The client's address: the platform's forwarded one behind loopback, else the connection's.</summary>
    public static IPAddress? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !IsLoopback(remote))
        {
            return remote;
        }
        return FromForwardedFor(context.Request.Headers[ForwardedForHeader]) ?? remote;
    }

    /// <summary>
    /// The last address in <c>X-Forwarded-For</c> that is not loopback; null when there is none or that entry is not
    /// an address (with or without a port).
    /// </summary>
    internal static IPAddress? FromForwardedFor(StringValues values)
    {
        for (var v = values.Count - 1; v >= 0; v--)
        {
            var rest = (values[v] ?? string.Empty).AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.LastIndexOf(',');
                var entry = rest[(comma + 1)..].Trim();
                rest = comma < 0 ? [] : rest[..comma];
                if (entry.IsEmpty)
                {
                    continue;
                }
                if (!TryParseEntry(entry, out var address))
                {
                    return null;
                }
                if (!IsLoopback(address))
                {
                    return address;
                }
            }
        }
        return null;
    }

    // "203.0.113.7", "203.0.113.7:51234", "2001:db8::1", "[2001:db8::1]" or "[2001:db8::1]:443". IPv4 only in its
    // dotted form: IPAddress.TryParse also takes "12345" or "0x7f.1", which no proxy writes.
    private static bool TryParseEntry(ReadOnlySpan<char> entry, out IPAddress address)
    {
        address = IPAddress.None;
        if (entry.Length > MaxEntryLength)
        {
            return false;
        }
        ReadOnlySpan<char> host;
        if (entry[0] == '[')
        {
            var close = entry.IndexOf(']');
            if (close < 0 || !IsPortOrNothing(entry[(close + 1)..]))
            {
                return false;
            }
            host = entry[1..close];
        }
        else if (entry.Count(':') == 1)
        {
            var colon = entry.IndexOf(':');
            if (!IsPortOrNothing(entry[colon..]))
            {
                return false;
            }
            host = entry[..colon];
        }
        else
        {
            host = entry;
        }
        if (!IPAddress.TryParse(host, out var parsed))
        {
            return false;
        }
        var dotted = parsed.AddressFamily == AddressFamily.InterNetwork && host.Count('.') == 3 && !host.ContainsAnyExcept("0123456789.");
        if (parsed.AddressFamily == AddressFamily.InterNetworkV6 ? !host.Contains(':') : !dotted)
        {
            return false;
        }
        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    private static bool IsPortOrNothing(ReadOnlySpan<char> suffix) =>
        suffix.IsEmpty
        || (suffix[0] == ':' && ushort.TryParse(suffix[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
