using Azure.Data.Tables;

namespace Survey.Shared.Aggregation;

/// <summary>
/// The transaction actions that sum report changes into a plan's aggregate rows (its total and cells): add a new
/// row, merge under the ETag read, or delete a cell no report is left in.
/// </summary>
internal static class AggregateRowActions
{
    /// <summary>One action per aggregate row the changes touch: their counters summed into it.</summary>
    public static List<(TableTransactionAction Action, int Bytes)> For(string planKey, List<ReportChange> changes, Dictionary<string, TableEntity?> current)
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
                actions.Add((action, 1024 + ((action.Entity as TableEntity)?.GetString(PlanRowFormat.CountsProperty)?.Length ?? 0) * 2));
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

        var counts = current is null ? new Dictionary<string, long>(StringComparer.Ordinal) : PlanRowFormat.ReadCounts(current);
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

        var entity = new TableEntity(planKey, rowKey) { [PlanRowFormat.CountsProperty] = PlanRowFormat.Serialize(counts) };
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
}
