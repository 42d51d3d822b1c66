using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>Queues every invitation not yet sent for sending by e-mail (202); then the links cannot be downloaded.</summary>
public sealed class SendCampaign(CampaignSending campaigns)
{
    [Committee]
    [Function(nameof(SendCampaign))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/send")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => CampaignResults.From(
            await campaigns.SendAsync(id, cancellationToken),
            queued => new ObjectResult(new { queued }) { StatusCode = StatusCodes.Status202Accepted });
}
