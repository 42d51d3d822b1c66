using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Polly;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>
/// One report coming into (<see cref="Delta"/> +1: its row is added) or leaving (-1: its row is deleted)
/// a plan's partition, with the counters it adds to or takes from the plan's total and cell rows.
/// </summary>
internal sealed class ReportChange(string reportId, TableEntity row, int delta, IReadOnlyList<(string Counter, long By)> counters, string cellRowKey, string? insurer, string? plan)
{
    public string ReportId { get; } = reportId;

    public TableEntity Row { get; } = row;

    public int Delta { get; } = delta;

    public IReadOnlyList<(string Counter, long By)> Counters { get; } = counters;

    public string CellRowKey { get; } = cellRowKey;

    public string? Insurer { get; } = insurer;

    public string? Plan { get; } = plan;

    /// <summary>A rough size of the row in a transaction body (strings travel as UTF-16 at worst).</summary>
    public int Bytes { get; } = 1024 + row.Sum(p => p.Value is string s ? s.Length * 2 : 16);

    /// <summary>True when the change was applied, false when it had been applied before (409 on the add, 404 on the delete).</summary>
    public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The status with which a transaction refuses this change because it was applied before.</summary>
    public int AlreadyAppliedStatus => Delta > 0 ? 409 : 404;
}

/// <summary>
/// A report cannot be counted in a plan that was merged into another (its total row names the target): count it
/// in <see cref="Target"/>.
/// </summary>
#pragma warning disable CA1032 // Thrown and caught inside the storage layer and the aggregator only; no other constructors make sense.
internal sealed class PlanMergedException(string planKey, string target)
    : InvalidOperationException($"Plan {planKey} was merged into {target}.")
#pragma warning restore CA1032
{
    public string Target { get; } = target;
}

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

    private const string CountsProperty = "Counts";
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Aggregate rows (plan key + row key) as this process's last transaction on them left them, with their ETags.</summary>
    private readonly LastWritten<TableEntity> _committed = new(20_000);

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
                    var aggregates = Changes(planKey, live, current);
                    while (live.Count > 1 && live.Sum(c => c.Bytes) + aggregates.Sum(a => a.Bytes) > MaxPayloadBytes)
                    {
                        deferred.Insert(0, live[^1]);
                        live.RemoveAt(live.Count - 1);
                        aggregates = Changes(planKey, live, current);
                    }

                    var actions = live.Select(c => c.Delta > 0
                            ? new TableTransactionAction(TableTransactionActionType.Add, c.Row)
                            : new TableTransactionAction(TableTransactionActionType.Delete, c.Row, ETag.All))
                        .Concat(aggregates.Select(a => a.Action))
                        .ToList();
                    try
                    {
                        var responses = (await table.SubmitTransactionAsync(actions, token)).Value;
                        RememberCommitted(planKey, current, actions.Skip(live.Count).ToList(), responses.Skip(live.Count).ToList());
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
                        Forget(planKey, current.Keys);
                        stale = true;
                    }
                    catch
                    {
                        // A row changed under us (412, 409, 404) or the outcome is unknown: read every row again.
                        Forget(planKey, current.Keys);
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
            if (_committed.TryGet(RowId(planKey, key), out var remembered))
            {
                return remembered;
            }

            var response = await table.GetEntityIfExistsAsync<TableEntity>(planKey, key, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }));
        return keys.Zip(rows).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>Remembers each aggregate row as the transaction left it, with the ETag its response gave (a deleted row is forgotten).</summary>
    private void RememberCommitted(string planKey, Dictionary<string, TableEntity?> before, List<TableTransactionAction> actions, List<Response> responses)
    {
        foreach (var (action, response) in actions.Zip(responses))
        {
            var written = (TableEntity)action.Entity;
            var id = RowId(planKey, written.RowKey);
            if (action.ActionType == TableTransactionActionType.Delete || response.Headers.ETag is not { } etag)
            {
                _committed.Forget(id);
                continue;
            }

            // A merge wrote only the counters (and the version): the names stay as the row had them.
            var row = new TableEntity(written) { ETag = etag };
            if (before.GetValueOrDefault(written.RowKey) is { } previous)
            {
                foreach (var name in new[] { "Insurer", "Plan" })
                {
                    if (!row.ContainsKey(name) && previous.TryGetValue(name, out var value))
                    {
                        row[name] = value;
                    }
                }
            }

            _committed.Remember(id, row);
        }
    }

    private void Forget(string planKey, IEnumerable<string> rowKeys)
    {
        foreach (var rowKey in rowKeys)
        {
            _committed.Forget(RowId(planKey, rowKey));
        }
    }

    private static string RowId(string planKey, string rowKey) => planKey + "\n" + rowKey;

    /// <summary>One action per aggregate row the changes touch: their counters summed into it.</summary>
    private static List<(TableTransactionAction Action, int Bytes)> Changes(string planKey, List<ReportChange> changes, Dictionary<string, TableEntity?> current)
    {
        var deltas = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            foreach (var rowKey in new[] { PlanStore.TotalRowKey, change.CellRowKey })
            {
                if (!deltas.TryGetValue(rowKey, out var delta))
                {
                    deltas[rowKey] = delta = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                foreach (var (counter, by) in change.Counters)
                {
                    delta[counter] = delta.GetValueOrDefault(counter) + (by * change.Delta);
                }
            }
        }

        var names = changes.FirstOrDefault(c => c.Delta > 0 && c.Insurer is not null);
        var actions = new List<(TableTransactionAction, int)>(deltas.Count);
        foreach (var (rowKey, delta) in deltas)
        {
            var action = Change(current[rowKey], planKey, rowKey, delta, rowKey == PlanStore.TotalRowKey ? names : null);
            if (action is not null)
            {
                actions.Add((action, 1024 + ((action.Entity as TableEntity)?.GetString(CountsProperty)?.Length ?? 0) * 2));
            }
        }

        return actions;
    }

    /// <summary>The action that adds <paramref name="delta"/> to a row: add, merge under its ETag, or delete when no report is left.</summary>
    private static TableTransactionAction? Change(TableEntity? current, string planKey, string rowKey, Dictionary<string, long> delta, ReportChange? names)
    {
        if (current is null && delta.GetValueOrDefault(ReportCounters.Reports) <= 0)
        {
            // Nothing to take from: the row is already off (reconcile reports and repairs such drift).
            return null;
        }

        var counts = current is null ? new Dictionary<string, long>(StringComparer.Ordinal) : PlanStore.ReadCounts(current);
        foreach (var (counter, change) in delta)
        {
            var value = counts.GetValueOrDefault(counter) + change;
            if (value == 0)
            {
                counts.Remove(counter);
            }
            else
            {
                counts[counter] = value;
            }
        }

        var isTotal = rowKey == PlanStore.TotalRowKey;
        if (current is not null && counts.GetValueOrDefault(ReportCounters.Reports) <= 0)
        {
            if (!isTotal)
            {
                return new TableTransactionAction(TableTransactionActionType.Delete, current, current.ETag);
            }

            // The total row stays, empty, so its version never starts again while the plan is listed.
            counts.Clear();
        }

        var entity = new TableEntity(planKey, rowKey) { [CountsProperty] = PlanStore.Serialize(counts) };
        if (isTotal)
        {
            entity[TotalSnapshot.VersionProperty] = (current?.GetInt64(TotalSnapshot.VersionProperty) ?? 0) + 1;
        }

        if (current is null)
        {
            if (names is not null)
            {
                entity["Insurer"] = names.Insurer;
                entity["Plan"] = names.Plan;
            }

            // Add, not upsert: if another process created the row meanwhile, this fails (409) and is retried.
            return new TableTransactionAction(TableTransactionActionType.Add, entity);
        }

        // Merge under the ETag read above: only the counters change, and a concurrent update makes this fail (412).
        return new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, current.ETag);
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
