using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Aggregation;

namespace Survey.Functions.Catalogue;

/// <summary>Recomputes the aggregates of one plan (or all) from the stored reports and writes them.</summary>
public sealed class RebuildPlans(PlanAuditor auditor)
{
    [Committee]
    [Function(nameof(RebuildPlans))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalogue/rebuild")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken, empty: new ReconcileRequest(null, null));
        return problem ?? CatalogueResults.From(await auditor.ReconcileKnownAsync(body!.PlanKey, repair: true, cancellationToken));
    }
}
