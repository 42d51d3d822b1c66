using Azure;
using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>A report as stored in its plan's partition.</summary>
internal sealed record StoredReport(string ReportId, Report Report, DateTimeOffset ReceivedAt, int SchemaVersion, uint? StoredKey = null)
{
    /// <summary>The report's record key: as drawn at intake, or derived from its id for a report from before keys.</summary>
    public uint RecordKey => StoredKey ?? RecordKeys.Derive(ReportId);
}

/// <summary>An aggregate row: counter name to count, and (on the total row) the names the first report gave.</summary>
internal sealed record AggregateRow(IReadOnlyDictionary<string, long> Counts, string? Insurer, string? Plan, ETag ETag = default, long Version = 0, IReadOnlyDictionary<string, long>? CellKeys = null)
{
    /// <summary>The counters as stored: the counts and the cell keys.</summary>
    public Dictionary<string, long> Stored() => new(Counts.Concat(CellKeys ?? new Dictionary<string, long>()), StringComparer.Ordinal);
}
