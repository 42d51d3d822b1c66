using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Polly;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>
/// Group commit of report changes per plan. Every change of a plan joins the plan's waiting list; one drain
/// per plan at a time takes what waits (up to <see cref="MaxOperations"/> entities and
/// <see cref="MaxPayloadBytes"/>) and commits it in ONE entity group transaction: the report rows' adds or
/// deletes, then one merged update of each aggregate row the batch touches (total and cells), under the
/// ETags just read. So a hot plan's concurrent reports share one read and one commit instead of colliding
/// on its total row, and each report still lands exactly once: a report whose row was there already (409 at
/// its index; 404 for a delete) is answered "applied before" and the rest retried; a stale ETag (412) is
/// re-read and retried by the <c>survey-aggregate</c> pipeline; any other failure fails every change of the
/// batch, so the queue delivers each of them again. Within one process the drain serialises a plan's
/// commits; several processes meet on the ETags as before.
/// Every transaction increments the total row's <c>Version</c>; after each drained batch (also one that found
/// only duplicates) the total is copied onto the plan's row of the plan list (<see cref="PlanCopies"/>)
/// before the callers are answered. A failed copy fails no caller: the next batch or reconcile repairs it.
/// </summary>
internal sealed partial class PlanCommits(TableClient table, ResiliencePipeline conflicts, PlanCopies copies, ILogger logger)
{
    /// <summary>An entity group transaction holds at most 100 entities.</summary>
    internal const int MaxOperations = 100;

    /// <summary>A transaction must stay under 4 MiB; leave room for the request's framing.</summary>
    internal const int MaxPayloadBytes = 3 * 1024 * 1024;

    /// <summary>On a retired plan's total row: the plan it was merged into.</summary>
    internal const string MergedIntoProperty = "MergedInto";

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Aggregate rows as this process's last transaction on them left them, with their ETags.</summary>
    private readonly CommittedRows _committed = new(20_000);

    /// <summary>The copies of the plans' totals on the plan list, which every drain refreshes.</summary>
    public PlanCopies Copies => copies;

    /// <summary>Applies a change exactly once; true when this call applied it, false when it had been applied before.</summary>
    public async Task<bool> ApplyAsync(string planKey, ReportChange change, CancellationToken cancellationToken)
        => (await ApplyAsync(planKey, [change], cancellationToken))[0];

    /// <summary>Applies changes of one plan exactly once, joined in as few transactions as fit; per change, as <see cref="ApplyAsync(string, ReportChange, CancellationToken)"/>.</summary>
    public async Task<bool[]> ApplyAsync(string planKey, IReadOnlyList<ReportChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        Lane lane;
        bool lead;
        while (true)
        {
            lane = _lanes.GetOrAdd(planKey, _ => new Lane());
            lock (lane)
            {
                if (lane.Retired)
                {
                    continue;
                }

                lane.Waiting.AddRange(changes);
                lead = !lane.Draining;
                lane.Draining = true;
                break;
            }
        }

        if (lead)
        {
            // The drain commits for every caller of the plan, so it must not stop when this caller stops waiting.
            _ = Task.Run(() => DrainAsync(planKey, lane), CancellationToken.None);
        }

        return await Task.WhenAll(changes.Select(c => c.Outcome.Task)).WaitAsync(cancellationToken);
    }

    private async Task DrainAsync(string planKey, Lane lane)
    {
        while (true)
        {
            List<ReportChange> batch;
            lock (lane)
            {
                batch = TakeBatch(lane.Waiting);
                if (batch.Count == 0)
                {
                    lane.Draining = false;
                    lane.Retired = true;
                    _lanes.TryRemove(new KeyValuePair<string, Lane>(planKey, lane));
                    return;
                }
            }

            var decided = new List<(ReportChange Change, bool Applied)>();
            try
            {
                var (deferred, total) = await CommitAsync(planKey, batch, decided);
                if (total is not null)
                {
                    await RefreshCopyAsync(planKey, total);
                }

                if (deferred.Count > 0)
                {
                    lock (lane)
                    {
                        lane.Waiting.InsertRange(0, deferred);
                    }
                }
            }
            catch (Exception exception)
            {
                foreach (var change in batch.Except(decided.Select(d => d.Change)))
                {
                    change.Outcome.TrySetException(exception);
                }
            }
            finally
            {
                // Answered after the copy, so a caller that reads the plan list next sees its report.
                foreach (var (change, applied) in decided)
                {
                    change.Outcome.TrySetResult(applied);
                }
            }
        }
    }

    /// <summary>Takes the oldest waiting changes that fit one transaction, each report at most once.</summary>
    private static List<ReportChange> TakeBatch(List<ReportChange> waiting)
    {
        var batch = new List<ReportChange>();
        var reports = new HashSet<string>(StringComparer.Ordinal);
        var aggregateRows = new HashSet<string>(StringComparer.Ordinal) { PlanStore.TotalRowKey };
        var bytes = 0;
        for (var i = 0; i < waiting.Count; i++)
        {
            var change = waiting[i];
            var operations = batch.Count + 1 + aggregateRows.Count + (aggregateRows.Contains(change.CellRowKey) ? 0 : 1);
            if (operations > MaxOperations || (batch.Count > 0 && bytes + change.Bytes > MaxPayloadBytes / 2))
            {
                break;
            }

            // A report delivered twice at once waits for the next batch, where its add fails as a duplicate.
            if (!reports.Add(change.ReportId))
            {
                continue;
            }

            batch.Add(change);
            aggregateRows.Add(change.CellRowKey);
            bytes += change.Bytes;
            waiting.RemoveAt(i--);
        }

        return batch;
    }

    private async Task RefreshCopyAsync(string planKey, TotalSnapshot total)
    {
        try
        {
            await copies.RefreshAsync(planKey, total, CancellationToken.None);
        }
        catch (Exception exception) when (exception is RequestFailedException or IOException or TimeoutException or OperationCanceledException)
        {
            LogCopyFailed(logger, exception, planKey);
        }
    }

    /// <summary>
    /// Commits the batch; decides every change in it (into <paramref name="decided"/>), except those returned to
    /// wait for the next batch (payload over the limit); and returns the plan's total as the batch left it.
    /// </summary>
    private async Task<(List<ReportChange> Deferred, TotalSnapshot? Total)> CommitAsync(string planKey, List<ReportChange> batch, List<(ReportChange, bool)> decided)
    {
        var live = new List<ReportChange>(batch);
        var deferred = new List<ReportChange>();
        TotalSnapshot? total = null;
        var stale = false;
        await conflicts.ExecuteAsync(
            async token =>
            {
                while (live.Count > 0)
                {
                    var current = await ReadAggregatesAsync(planKey, live, token);
                    if (current[PlanStore.TotalRowKey]?.GetString(MergedIntoProperty) is { } mergedInto)
                    {
                        // A retired plan holds no report: nothing to take out, and nothing may come in.
                        decided.AddRange(live.Where(c => c.Delta < 0).Select(c => (c, false)));
                        throw new PlanMergedException(planKey, mergedInto);
                    }

                    total = current[PlanStore.TotalRowKey] is { } read ? TotalSnapshot.Of(read) : null;
                    var aggregates = AggregateRowActions.For(planKey, live, current);
                    while (live.Count > 1 && live.Sum(c => c.Bytes) + aggregates.Sum(a => a.Bytes) > MaxPayloadBytes)
                    {
                        deferred.Insert(0, live[^1]);
                        live.RemoveAt(live.Count - 1);
                        aggregates = AggregateRowActions.For(planKey, live, current);
                    }

                    var actions = live.Select(c => c.Delta > 0
                            ? new TableTransactionAction(TableTransactionActionType.Add, c.Row)
                            : new TableTransactionAction(TableTransactionActionType.Delete, c.Row, ETag.All))
                        .Concat(aggregates.Select(a => a.Action))
                        .ToList();
                    try
                    {
                        var responses = (await table.SubmitTransactionAsync(actions, token)).Value;
                        _committed.Remember(planKey, current, actions.Skip(live.Count).ToList(), responses.Skip(live.Count).ToList());
                        decided.AddRange(live.Select(c => (c, true)));
                        live.Clear();
                        total = Committed(current[PlanStore.TotalRowKey], aggregates.Select(a => a.Action).FirstOrDefault(a => a.Entity.RowKey == PlanStore.TotalRowKey)) ?? total;
                        stale = false;
                    }
                    catch (TableTransactionFailedException exception) when (
                        exception.FailedTransactionActionIndex is { } index && index < live.Count && exception.Status == live[index].AlreadyAppliedStatus)
                    {
                        // That report was applied before; nothing of the transaction happened, so the rest go again.
                        // Applied by another writer (or an attempt that stopped after its commit): the rows this
                        // process remembers may be older than storage's, so they are read again, also for the copy.
                        decided.Add((live[index], false));
                        live.RemoveAt(index);
                        _committed.Forget(planKey, current.Keys);
                        stale = true;
                    }
                    catch
                    {
                        // A row changed under us (412, 409, 404) or the outcome is unknown: read every row again.
                        _committed.Forget(planKey, current.Keys);
                        throw;
                    }
                }
            },
            CancellationToken.None);
        if (stale)
        {
            // Only reports applied before: copy the total as storage holds it, not as this process last saw it.
            var read = await table.GetEntityIfExistsAsync<TableEntity>(planKey, PlanStore.TotalRowKey, cancellationToken: CancellationToken.None);
            total = read.HasValue && read.Value is { } row ? TotalSnapshot.Of(row) : null;
        }

        return (deferred, total);
    }

    /// <summary>The total as the committed action left it (its names are on the row read before, unless the action created it).</summary>
    private static TotalSnapshot? Committed(TableEntity? before, TableTransactionAction? action)
    {
        if (action?.Entity is not TableEntity written)
        {
            return null;
        }

        var after = TotalSnapshot.Of(written);
        return before is null ? after : after with { Insurer = before.GetString("Insurer"), Plan = before.GetString("Plan") };
    }

    /// <summary>
    /// The current total and cell rows the changes touch (null where a row does not exist): as this process
    /// last committed them when it remembers them, else read side by side. A remembered row carries the ETag
    /// its commit returned, so if anyone changed it since, the transaction fails (412) and every row is read.
    /// </summary>
    private async Task<Dictionary<string, TableEntity?>> ReadAggregatesAsync(string planKey, List<ReportChange> changes, CancellationToken cancellationToken)
    {
        var keys = changes.Select(c => c.CellRowKey).Prepend(PlanStore.TotalRowKey).Distinct(StringComparer.Ordinal).ToList();
        var rows = await Task.WhenAll(keys.Select(async key =>
        {
            if (_committed.TryGet(planKey, key, out var remembered))
            {
                return remembered;
            }

            var response = await table.GetEntityIfExistsAsync<TableEntity>(planKey, key, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }));
        return keys.Zip(rows).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plan {PlanKey}: the copy of its total on the plan list was not written; the next commit or reconcile writes it")]
    private static partial void LogCopyFailed(ILogger logger, Exception exception, string planKey);

    private sealed class Lane
    {
        public List<ReportChange> Waiting { get; } = [];

        public bool Draining { get; set; }

        /// <summary>Removed from the lanes after its drain ended; a caller holding it takes a fresh one.</summary>
        public bool Retired { get; set; }
    }
}
