using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace Survey.Local;

/// <summary>
/// Keeps a function key sent as <c>?code=</c> out of ASP.NET Core's request log lines ("Request starting …",
/// "Request finished …"), which are written before and after the middleware runs: the query string is shown
/// with the key replaced while the request is outside the pipeline, and restored for the functions inside it
/// (the dashboard and brief links carry the key on).
/// </summary>
internal static partial class KeyInQuery
{
    private const string Hidden = "redacted";

    private static readonly object OriginalKey = new();

    /// <summary>Called as each request's context is created, before the hosting log line.</summary>
    public static void Hide(HttpContext context)
    {
        var query = context.Items.TryGetValue(OriginalKey, out var original) ? (QueryString)original! : context.Request.QueryString;
        if (!query.HasValue || !CodeParameter().IsMatch(query.Value!))
        {
            return;
        }

        context.Items[OriginalKey] = query;
        context.Request.QueryString = new QueryString(CodeParameter().Replace(query.Value!, "${name}" + Hidden));
    }

    /// <summary>The first middleware: the functions see the real query; the finishing log line sees it hidden again.</summary>
    public static async Task RestoreInsidePipelineAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items.TryGetValue(OriginalKey, out var original))
        {
            context.Request.QueryString = (QueryString)original!;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Hide(context);
        }
    }

    [GeneratedRegex("(?<name>(?:^\\?|&)code=)[^&]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodeParameter();
}

/// <summary>The default context factory, with <see cref="KeyInQuery.Hide"/> applied to every new context.</summary>
internal sealed class KeyHidingHttpContextFactory(IServiceProvider services) : IHttpContextFactory
{
    private readonly DefaultHttpContextFactory _inner = new(services);

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        var context = _inner.Create(featureCollection);
        KeyInQuery.Hide(context);
        return context;
    }

    public void Dispose(HttpContext httpContext) => _inner.Dispose(httpContext);
}
