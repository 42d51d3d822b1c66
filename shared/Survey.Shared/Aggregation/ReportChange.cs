using Azure.Data.Tables;

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
