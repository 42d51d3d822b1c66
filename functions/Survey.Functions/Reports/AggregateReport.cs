using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Aggregation;
using Survey.Shared.Storage;

namespace Survey.Functions.Reports;

public sealed class AggregateReport(ReportAggregator aggregator)
{
    [Function(nameof(AggregateReport))]
    public Task Run(
        [QueueTrigger(StorageNames.ReportsQueue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
        => aggregator.ProcessAsync(message, cancellationToken);
}
