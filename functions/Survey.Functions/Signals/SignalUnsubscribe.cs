using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Campaigns;
using Survey.Functions.Http;
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
            ? HtmlResponses.Form(request, StatusCodes.Status200OK, DigestPages.Unsubscribe("/api/signals/unsubscribe/" + Uri.EscapeDataString(token)))
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
               ? HtmlResponses.Form(request, StatusCodes.Status200OK, DigestPages.Unsubscribed())
               : LinkPages.Refused(request));
}
