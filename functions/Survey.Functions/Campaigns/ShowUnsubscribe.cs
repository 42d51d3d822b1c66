using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>The unsubscribe page of a link, in its recipient's language: a button. Changes nothing, since mail scanners fetch links.</summary>
public sealed class ShowUnsubscribe(LinkService links)
{
    [Function(nameof(ShowUnsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "u/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await links.RecipientLanguageAsync(token, cancellationToken) is { } language
            ? HtmlResponses.Form(request, StatusCodes.Status200OK, CampaignPages.Unsubscribe(LinkPages.Language(request, language), LinkPages.UnsubscribeAction(request, token)))
            : LinkPages.Refused(request);
    }
}
