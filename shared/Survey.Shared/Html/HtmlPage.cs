using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Html;

/// <summary>
/// The shell of a server-rendered page: no script, no external resource, one stylesheet allowed by a
/// per-response nonce (<see cref="ContentSecurityPolicy"/>). Pages use classes only: the policy forbids
/// <c>style="…"</c> attributes.
/// </summary>
public static class HtmlPage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>A fresh nonce for one response (128 random bits, hex: valid in CSP and needs no escaping in HTML).</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The Content-Security-Policy of a page whose only stylesheet carries <paramref name="nonce"/>.</summary>
    public static string ContentSecurityPolicy(string nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        return $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /// <summary>The response headers every page carries: the policy and the page headers (no referrer, no caching).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SecurityHeaders(string nonce) =>
        [new("Content-Security-Policy", ContentSecurityPolicy(nonce)), .. Http.SecurityHeaders.Page];

    internal static string Render(string nonce, string title, string css, string body, string lang = "en")
    {
        var html = new StringBuilder(body.Length + BaseCss.Length + css.Length + 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(lang)).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
            // An empty icon: the browser does not ask the server for /favicon.ico.
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<style nonce=\"").Append(Html.Encode(nonce)).Append("\">\n").Append(BaseCss).Append(css).Append("</style>\n")
            .Append("</head>\n<body>\n").Append(body).Append("\n</body>\n</html>\n");
        return html.ToString();
    }

    private const string BaseCss = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5cad; }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; overflow-wrap: anywhere;
               font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; line-height: 1.2; margin: 0 0 .35rem; }
        h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        p { margin: .35rem 0; }
        a { color: var(--accent); }
        .muted { color: var(--muted); }
        .small { font-size: .85rem; }
        .tag { display: inline-block; font-size: .75rem; padding: 0 .35rem; border: 1px solid var(--muted); border-radius: .25rem; color: var(--muted); white-space: nowrap; }
        .table-wrap { max-width: 100%; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        caption { text-align: left; font-size: .85rem; color: var(--muted); padding: .2rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        thead th { border-bottom: 2px solid var(--ink); font-size: .8rem; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        figure { margin: .5rem 0 1rem; }
        figcaption { font-size: .85rem; color: var(--muted); }
        svg { overflow: hidden; }
        svg.chart { display: block; width: 100%; height: auto; max-width: 36rem; }
        @media (max-width: 36rem) { svg.chart text { font-size: 12px; } }
        svg.bar { display: block; width: 100%; height: auto; max-width: 40rem; }
        .legend { list-style: none; padding: 0; margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; font-size: .85rem; }
        .legend li { display: flex; align-items: center; gap: .3rem; }
        .legend svg { width: 1rem; height: 1rem; flex: none; }
        .empty { padding: .75rem; background: var(--soft); border: 1px dashed var(--line); }
        @media print {
          main { max-width: none; padding: 0; }
          .no-print { display: none !important; }
          a { color: inherit; text-decoration: none; }
          .table-wrap { overflow: visible; }
          h2, h3 { break-after: avoid; }
          table, figure, blockquote, svg { break-inside: avoid; }
        }

        """;
}
