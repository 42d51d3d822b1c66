using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Stats;

namespace Survey.Functions.Stats;

public sealed class ListPlanStats(PlanStatsReader stats)
{
    [Committee]
    [Function(nameof(ListPlanStats))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats/plans")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        return problem ?? new OkObjectResult(await stats.ListAsync(filter!, cancellationToken));
    }
}
