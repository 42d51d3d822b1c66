using Azure;
using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>A report as stored in its plan's partition.</summary>
internal sealed record StoredReport(string ReportId, Report Report, DateTimeOffset ReceivedAt, int SchemaVersion);

/// <summary>An aggregate row: counter name to count, and (on the total row) the names the first report gave.</summary>
internal sealed record AggregateRow(IReadOnlyDictionary<string, long> Counts, string? Insurer, string? Plan, ETag ETag = default, long Version = 0);
