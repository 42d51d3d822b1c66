using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Briefs;
using Survey.Shared.Dashboards;
using Survey.Shared.Html;

namespace Survey.Functions.Pages;

/// <summary>A plan's printable one-page advocacy brief as HTML, with the stats filters and an optional policy change month (<c>?change=YYYY-MM</c>).</summary>
public sealed class GetPlanBrief(PlanBriefService briefs)
{
    [Committee]
    [Function(nameof(GetPlanBrief))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats/plans/{planKey}/brief")] HttpRequest request,
        string planKey,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }

        var change = request.Query["change"].FirstOrDefault() is { Length: > 0 } value ? value.Trim() : null;
        if (change is not null && !PlanBriefService.IsMonth(change))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["change"] = ["Must be a month in the form YYYY-MM."] }, "The brief's parameters are invalid.");
        }

        var brief = await briefs.GetAsync(planKey, filter!, change, cancellationToken);
        return brief is null
            ? Problems.Create(StatusCodes.Status404NotFound, "No such plan.", "No reports are counted under this plan key. GET /api/stats/plans lists the plans.")
            : HtmlResponses.Page(request, nonce => BriefPage.Render(brief, nonce, HtmlResponses.SessionCsrf(request)));
    }
}
