using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Http;

/// <summary>
/// The per-client budgets of <see cref="RateLimitOptions"/>: fixed windows partitioned by client address, one
/// limiter for reads and a stricter one for writes. One per process (a singleton).
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _reads;
    private readonly PartitionedRateLimiter<string> _writes;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _reads = Create(_options.PermitLimit, _options);
        _writes = Create(_options.PostPermitLimit, _options);
    }

    /// <summary>Takes one permit for the request's client; null when allowed, else how long until the window refills.</summary>
    public TimeSpan? TryAcquire(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limiter = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            ? _reads
            : _writes;
        using var lease = limiter.AttemptAcquire(ClientKey(context.Request, _options.UseForwardedFor));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.Window;
    }

    /// <summary>
    /// The client's partition: the first hop of <c>X-Forwarded-For</c> when trusted and present (without a port),
    /// else the connection's remote address.
    /// </summary>
    public static string ClientKey(HttpRequest request, bool useForwardedFor)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (useForwardedFor && request.Headers["X-Forwarded-For"].FirstOrDefault() is { Length: > 0 } forwarded)
        {
            var first = forwarded.Split(',', 2)[0].Trim();
            if (IPEndPoint.TryParse(first, out var endPoint))
            {
                return endPoint.Address.ToString();
            }

            if (IPAddress.TryParse(first, out var address))
            {
                return address.ToString();
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public void Dispose()
    {
        _reads.Dispose();
        _writes.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int permits, RateLimitOptions options)
        => PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = options.Window,
            QueueLimit = options.QueueLimit,
            AutoReplenishment = true,
        }));
}
