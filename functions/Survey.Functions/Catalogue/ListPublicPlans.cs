using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

public sealed class ListPublicPlans(PlanCatalogue catalogue)
{
    [Function(nameof(ListPublicPlans))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "plans")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new OkObjectResult(new { plans = await catalogue.ListPublicAsync(cancellationToken) });
    }
}
