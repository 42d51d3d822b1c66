using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Functions.Http;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

internal static class CatalogueResults
{
    public static IActionResult From(CatalogueChange change, int successStatus) => change switch
    {
        CatalogueChange.Done => new StatusCodeResult(successStatus),
        CatalogueChange.Invalid invalid => Problems.Validation(invalid.Errors, "The request has invalid fields."),
        CatalogueChange.NotFound notFound => Problems.Create(StatusCodes.Status404NotFound, "No such plan.", notFound.What),
        CatalogueChange.Conflict conflict => Problems.Create(StatusCodes.Status409Conflict, "That would make names ambiguous.", conflict.Detail),
        _ => throw new InvalidOperationException($"Unhandled catalogue change {change.GetType().Name}."),
    };
}
