using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Health;

namespace Survey.Functions.Health;

public sealed class GetHealth(StorageHealth health)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        var body = new
        {
            status = report.Healthy ? "healthy" : "unhealthy",
            storage = new { queue = Reachable(report.QueueReachable), table = Reachable(report.TableReachable) },
        };
        return new ObjectResult(body) { StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }

    private static string Reachable(bool reachable) => reachable ? "reachable" : "unreachable";
}
