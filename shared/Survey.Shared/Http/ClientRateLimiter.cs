using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Http;

/// <summary>
/// The per-client budgets of <see cref="RateLimitOptions"/>: a fixed window per client that starts with the client's
/// first request, one budget for reads and a stricter one for writes. A refused request learns when this client's
/// window ends (<c>Retry-After</c>), not the window's length. One per process (a singleton).
/// </summary>
public sealed class ClientRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly RateLimitOptions _options = options.Value;
    private readonly ConcurrentDictionary<(bool Write, string Client), Window> _windows = new();
    private long _nextSweepTicks;

    /// <summary>Takes one permit for the request's client; null when allowed, else how long until its window refills.</summary>
    public TimeSpan? TryAcquire(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method;
        var write = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        var now = time.GetUtcNow();
        Sweep(now);
        var window = _windows.GetOrAdd((write, ClientKey(context.Request)), static (_, start) => new Window(start), now);
        lock (window)
        {
            if (now - window.Start >= _options.Window)
            {
                window.Start = now;
                window.Count = 0;
            }

            if (window.Count < (write ? _options.PostPermitLimit : _options.PermitLimit))
            {
                window.Count++;
                return null;
            }

            return window.Start + _options.Window - now;
        }
    }

    /// <summary>
    /// The client: the address in <c>X-Forwarded-For</c>, which the Functions host sets to the address it saw (replacing
    /// whatever the client sent; the local runner does the same), else the connection's remote address.
    /// </summary>
    public static string ClientKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers["X-Forwarded-For"].FirstOrDefault() is { Length: > 0 } forwarded)
        {
            var first = forwarded.Split(',', 2)[0].Trim();
            if (IPAddress.TryParse(first, out var address))
            {
                return address.ToString();
            }

            if (IPEndPoint.TryParse(first, out var endPoint))
            {
                return endPoint.Address.ToString();
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>At most once a window, forgets the clients whose window has ended (memory stays bounded by recent clients).</summary>
    private void Sweep(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + _options.Window).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                if (now - window.Start >= _options.Window)
                {
                    _windows.TryRemove(new KeyValuePair<(bool, string), Window>(key, window));
                }
            }
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Count { get; set; }
    }
}
