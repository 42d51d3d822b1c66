using System.Net;
using System.Net.Sockets;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// HTTP clients whose connections come from their own loopback address (127.0.x.y): separate clients as the host
/// sees them — each with its own rate-limit budget — without a header a client could forge.
/// </summary>
internal static class LoopbackClients
{
    private static int _addresses;

    /// <summary>A client from a loopback address no other client of this test run used.</summary>
    public static HttpClient Next(Uri baseAddress)
    {
        var n = Interlocked.Increment(ref _addresses);
        return From(baseAddress, IPAddress.Parse($"127.0.{1 + (n / 250)}.{2 + (n % 250)}"));
    }

    /// <summary>A client whose connections come from <paramref name="source"/>; no redirects followed, no cookie jar.</summary>
    public static HttpClient From(Uri baseAddress, IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }
}
