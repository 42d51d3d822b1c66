using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Functions.Http;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

internal static class CampaignResults
{
    public static IActionResult From(CampaignResult result, Func<object?, IActionResult> done) => result switch
    {
        CampaignResult.Done ok => done(ok.Value),
        CampaignResult.Invalid invalid => Problems.Validation(invalid.Errors, "The request has invalid fields."),
        CampaignResult.NotFound notFound => Problems.Create(StatusCodes.Status404NotFound, "Not found.", notFound.What),
        CampaignResult.Conflict conflict => Problems.Create(StatusCodes.Status409Conflict, conflict.Title, conflict.Detail),
        _ => throw new InvalidOperationException($"Unhandled campaign result {result.GetType().Name}."),
    };

    public static IActionResult NoCampaign(string id) => Problems.Create(StatusCodes.Status404NotFound, "Not found.", $"There is no campaign '{id}'.");
}
