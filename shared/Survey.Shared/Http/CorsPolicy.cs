using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Http;

/// <summary>
/// CORS by <see cref="CorsOptions.AllowedOrigins"/>, for a host without the platform's CORS (the local runner):
/// <c>Access-Control-Allow-Origin</c> only for a listed origin, and preflights answered per route.
/// </summary>
public sealed class CorsPolicy(IOptionsMonitor<CorsOptions> options)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    /// <summary>Allows the request's origin on its response when it is listed.</summary>
    public void Apply(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.Append("Vary", "Origin");
        if (AllowedOrigin(context.Request) is { } origin)
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
        }
    }

    /// <summary>
    /// Answers a preflight for a route that takes <paramref name="methods"/>: 204 with the allowed method and
    /// headers for a listed origin, 403 problem for any other.
    /// </summary>
    public Task AnswerPreflightAsync(HttpContext context, IReadOnlyList<string> methods)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(methods);
        context.Response.Headers.Append("Vary", "Origin");
        if (AllowedOrigin(context.Request) is not { } origin)
        {
            return ProblemResponses.WriteAsync(context.Response, StatusCodes.Status403Forbidden, "This origin may not call the API.",
                "Only the origins in Survey:Cors:AllowedOrigins may call the API from a browser.");
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowMethods = string.Join(", ", methods);
        headers.AccessControlAllowHeaders = "Content-Type, Accept, Accept-Language";
        headers.AccessControlMaxAge = ((int)MaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private string? AllowedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.FirstOrDefault();
        return !string.IsNullOrEmpty(origin) && options.CurrentValue.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null;
    }
}
