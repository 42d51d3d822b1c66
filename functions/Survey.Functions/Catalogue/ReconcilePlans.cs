using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Aggregation;

namespace Survey.Functions.Catalogue;

/// <summary>Checks aggregates against the stored reports; repairs only when asked (<c>"repair": true</c>).</summary>
public sealed class ReconcilePlans(PlanAuditor auditor)
{
    [Committee]
    [Function(nameof(ReconcilePlans))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalogue/reconcile")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken, empty: new ReconcileRequest(null, null));
        return problem ?? CatalogueResults.From(await auditor.ReconcileKnownAsync(body!.PlanKey, body.Repair ?? false, cancellationToken));
    }
}
