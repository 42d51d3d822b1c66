using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Functions.Http;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

internal static class CatalogueResults
{
    /// <summary>A reconciliation's report, or a 404 problem when it named an unknown plan.</summary>
    public static IActionResult From(ReconcileReport? report)
        => report is null
            ? Problems.Create(StatusCodes.Status404NotFound, "No such plan.", "Nothing is stored under this plan key. GET /api/stats/plans lists the plans.")
            : new OkObjectResult(report);

    public static IActionResult From(CatalogueChange change, int successStatus) => change switch
    {
        CatalogueChange.Done => new StatusCodeResult(successStatus),
        CatalogueChange.Invalid invalid => Problems.Validation(invalid.Errors, "The request has invalid fields."),
        CatalogueChange.NotFound notFound => Problems.Create(StatusCodes.Status404NotFound, "No such plan.", notFound.What),
        CatalogueChange.Conflict conflict => Problems.Create(StatusCodes.Status409Conflict, "That would make names ambiguous.", conflict.Detail),
        _ => throw new InvalidOperationException($"Unhandled catalogue change {change.GetType().Name}."),
    };
}
