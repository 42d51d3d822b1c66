using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>A campaign and its progress: queued, sent, failed, opened, responded, unsubscribed, reminded.</summary>
public sealed class GetCampaign(CampaignService campaigns)
{
    [Committee]
    [Function(nameof(GetCampaign))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => await campaigns.GetAsync(id, cancellationToken) is { } status
            ? new OkObjectResult(status)
            : CampaignResults.NoCampaign(id);
}
