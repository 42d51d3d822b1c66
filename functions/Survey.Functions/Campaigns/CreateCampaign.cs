using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

public sealed class CreateCampaign(CampaignService campaigns)
{
    [Committee]
    [Function(nameof(CreateCampaign))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<NewCampaign>(request, cancellationToken);
        return problem ?? CampaignResults.From(
            await campaigns.CreateAsync(body!, cancellationToken),
            campaign => new ObjectResult(campaign) { StatusCode = StatusCodes.Status201Created });
    }
}
