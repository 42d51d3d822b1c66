using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Exports;
using Survey.Shared.Stats;

namespace Survey.Functions.Stats;

/// <summary>The plan statistics as a CSV file for Excel, one row per plan, with the JSON stats' filters.</summary>
public sealed class ExportPlansCsv(PlanStatsReader stats)
{
    [Committee]
    [Function(nameof(ExportPlansCsv))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats/plans.csv")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }

        using var csv = new MemoryStream();
        StatsCsv.WritePlans(await stats.ListAsync(filter!, cancellationToken), filter!, csv);
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{StatsCsv.PlansFileName(filter!)}\"";
        return new FileContentResult(csv.ToArray(), StatsCsv.ContentType);
    }
}
