using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>Closes a campaign now: its links stop working, nothing more is sent.</summary>
public sealed class CloseCampaign(CampaignService campaigns)
{
    [Committee]
    [Function(nameof(CloseCampaign))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/close")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => CampaignResults.From(await campaigns.CloseAsync(id, cancellationToken), campaign => new OkObjectResult(campaign));
}
