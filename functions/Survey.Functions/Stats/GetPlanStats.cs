using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Plans;
using Survey.Shared.Stats;

namespace Survey.Functions.Stats;

public sealed class GetPlanStats(PlanStatsReader stats)
{
    [Committee]
    [Function(nameof(GetPlanStats))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats/plans/{planKey}")] HttpRequest request,
        string planKey,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }

        var plan = PlanKeys.IsWellFormed(planKey) ? await stats.GetAsync(planKey, filter!, cancellationToken) : null;
        return plan is null
            ? Problems.Create(StatusCodes.Status404NotFound, "No such plan.", "No reports are counted under this plan key. GET /api/stats/plans lists the plans.")
            : new OkObjectResult(plan);
    }
}
