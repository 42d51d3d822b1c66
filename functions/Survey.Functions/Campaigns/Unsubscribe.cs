using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Campaigns;
using Survey.Shared.Forms;

namespace Survey.Functions.Campaigns;

/// <summary>
/// Unsubscribes a link's address from every campaign: the page's button, or the RFC 8058 one-click POST of a
/// mail client (<c>List-Unsubscribe=One-Click</c>). The body is not needed.
/// </summary>
public sealed class Unsubscribe(LinkService links)
{
    [Function(nameof(Unsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "u/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = FormLanguages.Choose(null, request.Headers.AcceptLanguage.ToString());
        return await links.UnsubscribeAsync(token, cancellationToken)
            ? HtmlResponses.Form(request, StatusCodes.Status200OK, CampaignPages.Unsubscribed(language))
            : LinkPages.Refused(request);
    }
}
