using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Shared.Forms;
using Survey.Shared.Html;

namespace Survey.Functions.Http;

/// <summary>
/// Answers a server-rendered page: a fresh style nonce per response, the page's security headers (a strict
/// Content-Security-Policy, no sniffing, no referrer since the key may be in the URL, no caching), and
/// <c>text/html; charset=utf-8</c>.
/// </summary>
internal static class HtmlResponses
{
    public static ContentResult Page(HttpRequest request, Func<string, string> render)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(render);
        var nonce = HtmlPage.NewNonce();
        var headers = request.HttpContext.Response.Headers;
        foreach (var (name, value) in HtmlPage.SecurityHeaders(nonce))
        {
            headers[name] = value;
        }

        return new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = HtmlPage.ContentType, Content = render(nonce) };
    }

    /// <summary>
    /// Answers the report form (or its thank-you page) with <paramref name="status"/>: its own policy (script
    /// and style from the app only, no inline code), no sniffing, no referrer, no caching.
    /// </summary>
    public static ContentResult Form(HttpRequest request, int status, string html)
    {
        ArgumentNullException.ThrowIfNull(request);
        SetFormHeaders(request);
        return new ContentResult { StatusCode = status, ContentType = HtmlPage.ContentType, Content = html };
    }

    /// <summary>
    /// The empty form (200, as GET serves it), like <see cref="Form"/> and
    /// compressed when the client accepts it: it carries no secret (<see cref="CompressedResponses"/>).
    /// </summary>
    public static FileContentResult EmptyForm(HttpRequest request, string html)
    {
        ArgumentNullException.ThrowIfNull(request);
        SetFormHeaders(request);
        return CompressedResponses.Html(request, html, HtmlPage.ContentType);
    }

    private static void SetFormHeaders(HttpRequest request)
    {
        var headers = request.HttpContext.Response.Headers;
        foreach (var (name, value) in FormPage.SecurityHeaders)
        {
            headers[name] = value;
        }
    }

    /// <summary>303 See Other to a path of the app: after a form post, the browser GETs <paramref name="location"/>.</summary>
    public static StatusCodeResult SeeOther(HttpRequest request, string location)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Location = location;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    /// <summary>The sign-out token of the page's committee session, when the request came from a signed-in browser.</summary>
    public static string? SessionCsrf(HttpRequest request) => Shared.Access.CommitteeCaller.Of(request.HttpContext)?.SessionCsrf;
}
