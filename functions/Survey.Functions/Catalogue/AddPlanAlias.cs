using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

public sealed class AddPlanAlias(PlanCatalogue catalogue)
{
    [Committee]
    [Function(nameof(AddPlanAlias))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalogue/plans/{planKey}/aliases")] HttpRequest request,
        string planKey,
        CancellationToken cancellationToken)
    {
        var (alias, problem) = await JsonBody.ReadAsync<AliasRequest>(request, cancellationToken);
        return problem ?? CatalogueResults.From(await catalogue.AddAliasAsync(planKey, alias!.Alias, cancellationToken), StatusCodes.Status204NoContent);
    }
}
