using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Signals;

namespace Survey.Functions.Signals;

/// <summary>The current signals (changes of a plan's coverage), with the stats filters.</summary>
public sealed class ListSignals(SignalService signals)
{
    [Committee]
    [Function(nameof(ListSignals))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signals")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        return problem ?? new OkObjectResult(await signals.ListAsync(filter!, cancellationToken));
    }
}
