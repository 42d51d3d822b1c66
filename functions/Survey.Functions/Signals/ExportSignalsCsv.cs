using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Exports;
using Survey.Shared.Signals;
using HttpRequest = Microsoft.AspNetCore.Http.HttpRequest;

namespace Survey.Functions.Signals;

/// <summary>The signals of <c>GET /api/signals</c> as a CSV file for Excel.</summary>
public sealed class ExportSignalsCsv(SignalService signals)
{
    [Committee]
    [Function(nameof(ExportSignalsCsv))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signals.csv")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }

        var list = await signals.ListAsync(filter!, cancellationToken);
        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"survey-signals.csv\"";
        return new FileContentResult(SignalCsv.Write(list), StatsCsv.ContentType);
    }
}
