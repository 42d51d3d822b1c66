using Microsoft.AspNetCore.Http;

namespace Survey.Shared.Http;

/// <summary>
/// The response headers of the app: <c>nosniff</c> on every response, and on every HTML page a policy that
/// forbids framing, no referrer (a key may be in the URL), no powerful features and no caching (pages show
/// committee data or what a reporter typed). Pages set their own Content-Security-Policy (with a nonce); any
/// HTML response without one gets <see cref="FallbackContentSecurityPolicy"/>.
/// </summary>
public static class SecurityHeaders
{
    public const string FallbackContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>The headers of every HTML page besides its Content-Security-Policy.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Page { get; } =
    [
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
        new("X-Frame-Options", "DENY"),
        new("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        new("Cache-Control", "no-store"),
    ];

    /// <summary>Sets <c>nosniff</c> now and, just before the response starts, the page headers when it is HTML.</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XContentTypeOptions = "nosniff";
        response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;

            // Again here: an error handler that clears the response (the runner's 500 path) clears the headers too.
            response.Headers.XContentTypeOptions = "nosniff";
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                response.Headers.TryAdd("Content-Security-Policy", FallbackContentSecurityPolicy);
                foreach (var (name, value) in Page)
                {
                    response.Headers[name] = value;
                }
            }

            return Task.CompletedTask;
        }, response);
    }
}
