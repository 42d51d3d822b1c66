using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Stats;

namespace Survey.Functions.Public;

/// <summary>
/// The public statistics: catalogue plans, all time, counts only, small counts suppressed (anonymous,
/// cacheable), as the latest snapshot holds them (<see cref="SnapshotPublicStats"/>), never live. They take no
/// filters: two differently filtered answers could be subtracted from each other to recover a suppressed count,
/// so there is one table only.
/// </summary>
public sealed class GetPublicStats(PublicStatsService stats)
{
    private static readonly string[] NoFilters = ["Public statistics take no filters: two filtered answers could be subtracted to reveal a suppressed count."];

    [Function(nameof(GetPublicStats))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/stats")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = StatsFilter.Parameters.Where(p => request.Query.ContainsKey(p)).ToArray();
        if (filters.Length > 0)
        {
            return Problems.Validation(
                filters.ToDictionary(f => f, _ => NoFilters),
                "Public statistics take no filters.");
        }

        var answer = await stats.GetAsync(cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new OkObjectResult(answer);
    }
}
