using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Exports;
using Survey.Shared.Stats;

namespace Survey.Functions.Stats;

/// <summary>The plan statistics as a CSV file for Excel, one row per plan and month of service, with the JSON stats' filters.</summary>
public sealed class ExportMonthsCsv(PlanStatsReader stats)
{
    [Committee]
    [Function(nameof(ExportMonthsCsv))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats/months.csv")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }

        using var csv = new MemoryStream();
        StatsCsv.WriteMonths(await stats.ListMonthsAsync(filter!, cancellationToken), csv);
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{StatsCsv.MonthsFileName(filter!)}\"";
        return new FileContentResult(csv.ToArray(), StatsCsv.ContentType);
    }
}
