using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Survey.Benchmarks.Workload;
using Survey.Local;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;

namespace Survey.Benchmarks.Measures;

/// <summary>
/// The storage work of counting a report, and nothing else, at the concurrency the service runs it at
/// (host.json: fetch <c>batchSize</c> messages once in-flight work is down to <c>newBatchThreshold</c>).
/// Per message: its share of a receive, point reads of the plan's total and cell rows (their ETags), one
/// entity group transaction (add the report row, merge or add the two rows under those ETags; on 412 read
/// and try again with the same backoff as the app), delete the message. Unlike the service it does not
/// validate, resolve the plan in the catalogue, claim the report id and link its withdrawal code in
/// <c>reportindex</c>, or go through DI and the function invoker; and it commits each report on its own, as
/// the service did before group commit (so its hot-plan figure shows what group commit removed).
/// </summary>
internal sealed class BareAggregationLoop(QueueClient queue, TableClient planStats, QueueSettings host)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private int _conflicts;

    /// <summary>ETag conflicts met (each one retried).</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    public async Task DrainAsync(int expected, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(host.BatchSize + host.NewBatchThreshold);
        var running = new List<Task>();
        var done = 0;
        while (Volatile.Read(ref done) < expected)
        {
            while (slots.CurrentCount < host.BatchSize)
            {
                await Task.Delay(10, cancellationToken);
            }

            QueueMessage[] messages = (await queue.ReceiveMessagesAsync(host.BatchSize, Lease, cancellationToken)).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(10, cancellationToken);
                continue;
            }

            running.RemoveAll(t => t.IsCompleted);
            foreach (var message in messages)
            {
                await slots.WaitAsync(cancellationToken);
                running.Add(ProcessAsync(message));
            }
        }

        await Task.WhenAll(running);

        async Task ProcessAsync(QueueMessage message)
        {
            try
            {
                await CountAsync(message.MessageText, cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                Interlocked.Increment(ref done);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task CountAsync(string message, CancellationToken cancellationToken)
    {
        var envelope = SampleReports.ReadEnvelope(message);
        var report = envelope.Report;
        var partition = PlanKeys.Unverified(report.Insurer, report.Plan);
        var counters = ReportCounters.For(report);
        var cellKey = PlanRows.CellRowKey(report);
        var row = PlanRows.ReportRow(partition, envelope.ReportId, report, envelope.ReceivedAt);
        for (var attempt = 0; ; attempt++)
        {
            var total = planStats.GetEntityIfExistsAsync<TableEntity>(partition, PlanRows.TotalRowKey, cancellationToken: cancellationToken);
            var cell = planStats.GetEntityIfExistsAsync<TableEntity>(partition, cellKey, cancellationToken: cancellationToken);
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, row),
                Change(partition, PlanRows.TotalRowKey, await total, counters),
                Change(partition, cellKey, await cell, counters),
            ];
            try
            {
                await planStats.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException exception) when ((exception.Status == 412 || (exception.Status == 409 && exception.FailedTransactionActionIndex > 0)) && attempt < 40)
            {
                Interlocked.Increment(ref _conflicts);
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    private static TableTransactionAction Change(string partition, string rowKey, NullableResponse<TableEntity> current, IReadOnlyList<(string Counter, long By)> counters)
    {
        var counts = PlanRows.ReadCounts(current.HasValue ? current.Value : null);
        foreach (var (counter, by) in counters)
        {
            counts[counter] = counts.GetValueOrDefault(counter) + by;
        }

        var entity = PlanRows.AggregateRow(partition, rowKey, counts);
        return current.HasValue
            ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, current.Value!.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    /// <summary>Like the app's aggregate pipeline: exponential from 10 ms, jittered, at most 500 ms.</summary>
    private static TimeSpan Backoff(int attempt)
        => TimeSpan.FromMilliseconds(Math.Min(500, 10 * Math.Pow(2, attempt)) * (0.5 + Random.Shared.NextDouble()));
}
