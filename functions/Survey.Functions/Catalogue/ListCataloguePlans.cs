using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Stats;

namespace Survey.Functions.Catalogue;

public sealed class ListCataloguePlans(PlanStatsReader stats)
{
    [Committee]
    [Function(nameof(ListCataloguePlans))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogue/plans")] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(await stats.ListCatalogueAsync(cancellationToken));
}
