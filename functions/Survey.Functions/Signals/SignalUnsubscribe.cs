using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Campaigns;
using Survey.Functions.Http;
using Survey.Shared.Forms;
using Survey.Shared.Signals;

namespace Survey.Functions.Signals;

/// <summary>The digest's unsubscribe page: a button. Changes nothing, since mail scanners fetch links.</summary>
public sealed class ShowSignalUnsubscribe(SignalDigest digest)
{
    [Function(nameof(ShowSignalUnsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signals/unsubscribe/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
        => await digest.IsUnsubscribeTokenAsync(token, cancellationToken)
            ? HtmlResponses.Form(request, StatusCodes.Status200OK, DigestPages.Unsubscribe(DigestLanguage.Of(request), DigestLanguage.Action(request, token)))
            : LinkPages.Refused(request);
}

/// <summary>Unsubscribes a digest's address for good: the page's button, or the RFC 8058 one-click POST of a mail client.</summary>
public sealed class SignalUnsubscribe(SignalDigest digest)
{
    [Function(nameof(SignalUnsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signals/unsubscribe/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
        => await Unsubscribe.OneClickBodyProblemAsync(request, cancellationToken)
           ?? (await digest.UnsubscribeAsync(token, cancellationToken)
               ? HtmlResponses.Form(request, StatusCodes.Status200OK, DigestPages.Unsubscribed(DigestLanguage.Of(request)))
               : LinkPages.Refused(request));
}

/// <summary>
/// The language of the digest's unsubscribe pages, chosen as the form chooses it: <c>?lang=</c>, then the browser's
/// <c>Accept-Language</c>, then English (subscribers have no language of their own: the digest is the committee's).
/// </summary>
internal static class DigestLanguage
{
    public static string Of(HttpRequest request) => FormLanguages.Choose(request.Query["lang"], request.Headers.AcceptLanguage.ToString());

    /// <summary>Where the page's button posts: the link, keeping a language chosen with <c>?lang=</c> for the confirmation.</summary>
    public static string Action(HttpRequest request, string token)
    {
        var path = "/api/signals/unsubscribe/" + Uri.EscapeDataString(token);
        return FormLanguages.IsSupported(request.Query["lang"]) ? path + "?lang=" + request.Query["lang"] : path;
    }
}
