using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace Survey.Local;

/// <summary>
/// Keeps secrets in URLs — a function key sent as <c>?code=</c>, and the personal token of a survey or
/// unsubscribe link (<c>/api/s/{token}</c>, <c>/api/u/{token}</c>, the digest's <c>/api/signals/unsubscribe/{token}</c>) — out of ASP.NET Core's request log lines
/// ("Request starting …", "Request finished …", the request's log scope, and routing's debug lines): the URL is
/// shown with the secret replaced while the request is outside the function; the key is restored as the pipeline
/// starts, the link token only once routing has matched the (redacted) path, just before the function runs.
/// </summary>
internal static partial class KeyInQuery
{
    private const string Hidden = "redacted";

    private static readonly object OriginalQuery = new();
    private static readonly object OriginalPath = new();

    /// <summary>Called as each request's context is created, before the hosting log line.</summary>
    public static void Hide(HttpContext context)
    {
        var query = context.Items.TryGetValue(OriginalQuery, out var originalQuery) ? (QueryString)originalQuery! : context.Request.QueryString;
        if (query.HasValue && CodeParameter().IsMatch(query.Value!))
        {
            context.Items[OriginalQuery] = query;
            context.Request.QueryString = new QueryString(CodeParameter().Replace(query.Value!, "${name}" + Hidden));
        }

        var path = context.Items.TryGetValue(OriginalPath, out var originalPath) ? (PathString)originalPath! : context.Request.Path;
        if (path.HasValue && LinkToken().IsMatch(path.Value!))
        {
            context.Items[OriginalPath] = path;
            context.Request.Path = new PathString(LinkToken().Replace(path.Value!, "${link}" + Hidden));
        }
    }

    /// <summary>Just before a function runs: the real path again, and the link's token as its route value.</summary>
    public static void RevealLinkToken(HttpContext context)
    {
        if (context.Items.TryGetValue(OriginalPath, out var original))
        {
            var path = (PathString)original!;
            context.Request.Path = path;
            context.Request.RouteValues["token"] = LinkToken().Match(path.Value!).Groups["token"].Value;
        }
    }

    /// <summary>The first middleware: the functions see the real query; the finishing log line sees it hidden again.</summary>
    public static async Task RestoreInsidePipelineAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items.TryGetValue(OriginalQuery, out var query))
        {
            context.Request.QueryString = (QueryString)query!;
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

    // The survey and unsubscribe links' token segment, under any route prefix.
    [GeneratedRegex("^(?<link>(?:/[^/]+)?/(?:[su]|signals/unsubscribe)/)(?<token>[^/]+)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkToken();
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
