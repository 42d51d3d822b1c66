using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

public sealed class AddCataloguePlan(PlanCatalogue catalogue)
{
    [Committee]
    [Function(nameof(AddCataloguePlan))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalogue/plans")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (plan, problem) = await JsonBody.ReadAsync<NewPlan>(request, cancellationToken);
        return problem ?? CatalogueResults.From(await catalogue.AddPlanAsync(plan!, cancellationToken), StatusCodes.Status201Created);
    }
}
