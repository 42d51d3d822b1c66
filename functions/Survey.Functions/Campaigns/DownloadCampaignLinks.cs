using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>
/// The personal links as CSV (email, name, language, link), for a committee that mails with its own tool. It can be
/// downloaded again (with fresh links) for <c>Survey:Campaigns:LinkDownloadHours</c> after the first download, so a
/// file that never arrived is not lost; later, or for a campaign sent by e-mail, it is a 409 problem.
/// </summary>
public sealed class DownloadCampaignLinks(CampaignSending campaigns)
{
    [Committee]
    [Function(nameof(DownloadCampaignLinks))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/links")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CampaignResults.From(await campaigns.DownloadLinksAsync(id, cancellationToken), csv =>
        {
            // The file holds working links: nobody on the way keeps a copy.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return new FileContentResult((byte[])csv!, "text/csv; charset=utf-8") { FileDownloadName = $"campaign-{id}-links.csv" };
        });
    }
}
