using System.Net;
using System.Net.Sockets;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Where journeys' webhooks may go, and the client that takes them there. By default only to public addresses: a
/// journey's author could otherwise make the server call what only it can reach (the database, an admin page, a cloud's
/// metadata service at 169.254.169.254). The host of each call is resolved when its connection is made and every address
/// is checked there, so a name that later points inside (DNS rebinding) is refused too. Loopback, private, link-local,
/// shared (100.64/10), benchmarking, unique-local, site-local, multicast, reserved and unspecified addresses are refused,
/// unless <c>Rapport:Webhooks:AllowPrivateTargets</c> is set (receivers on the same machine or network).
/// </summary>
public sealed class WebhookTargets
{
    public WebhookTargets(bool allowPrivate, TimeSpan timeout)
    {
        AllowPrivate = allowPrivate;
        Timeout = timeout;
        Http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // renewed, so that DNS changes are seen
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = timeout,
        };
    }

    /// <summary>Public addresses only, and 10 s to answer.</summary>
    public static WebhookTargets Default { get; } = new(false, TimeSpan.FromSeconds(10));

    public bool AllowPrivate { get; }

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>One client for the process: connections are pooled per receiver.</summary>
    public HttpClient Http { get; }

    /// <summary>Whether an address is on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                     || (b[0] == 169 && b[1] == 254)
                     || (b[0] == 172 && b[1] is >= 16 and <= 31)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                     || (b[0] == 100 && b[1] is >= 64 and <= 127)
                     || (b[0] == 198 && b[1] is 18 or 19));
        }

        var v6 = address.GetAddressBytes();
        return !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6Any.Equals(address)
                 || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                 || (v6[0] & 0xFE) == 0xFC); // unique local fc00::/7
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = AllowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefused(
                $"{host} is not a public address ({string.Join(", ", addresses.Select(a => a.ToString()))}): webhooks go only to the public internet " +
                "unless Rapport:Webhooks:AllowPrivateTargets is true");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
