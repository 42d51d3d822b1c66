using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Campaigns;
using Survey.Shared.Forms;

namespace Survey.Functions.Campaigns;

/// <summary>
/// A personal link (anonymous): the report form, prefilled and posting back to the link, or — for an unknown,
/// used, revoked or expired link and one of a closed campaign alike — the same kind 410 page.
/// </summary>
public sealed class OpenSurveyLink(LinkService links)
{
    [Function(nameof(OpenSurveyLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "s/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await links.OpenAsync(token, cancellationToken) switch
        {
            LinkView.Form form => HtmlResponses.Form(request, StatusCodes.Status200OK, FormPage.Render(LinkPages.Language(request, form.Language), form.Prefill, action: LinkPages.SurveyPath(token))),
            _ => LinkPages.Refused(request),
        };
    }
}
