using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

public sealed class ListCampaigns(CampaignService campaigns)
{
    [Committee]
    [Function(nameof(ListCampaigns))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns")] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(new { campaigns = await campaigns.ListAsync(cancellationToken) });
}
