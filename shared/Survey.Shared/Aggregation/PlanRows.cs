using System.Text.Json;
using Azure;
using Azure.Data.Tables;
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

/// <summary>
/// How a plan's rows are written in <c>planstats</c> (see <see cref="PlanStore"/> for the layout): a report row, and
/// an aggregate row's counters as one JSON property.
/// </summary>
internal static class PlanRowFormat
{
    public const string CountsProperty = "Counts";
    public const string RecordKeyProperty = "RecordKey";

    public static TableEntity ReportRow(string planKey, StoredReport stored) => new(planKey, PlanStore.ReportPrefix + stored.ReportId)
    {
        ["Report"] = JsonSerializer.Serialize(stored.Report, SurveyJsonContext.Default.Report),
        ["ServiceMonth"] = stored.Report.ServiceMonth,
        ["ReceivedAt"] = stored.ReceivedAt,
        ["SchemaVersion"] = stored.SchemaVersion,
        [RecordKeyProperty] = (long)stored.RecordKey,
    };

    public static StoredReport ToStoredReport(TableEntity entity) => new(
        entity.RowKey[PlanStore.ReportPrefix.Length..],
        JsonSerializer.Deserialize(entity.GetString("Report"), SurveyJsonContext.Default.Report)!,
        entity.GetDateTimeOffset("ReceivedAt") ?? default,
        entity.GetInt32("SchemaVersion") ?? ReportEnvelope.CurrentSchemaVersion,
        entity.GetInt64(RecordKeyProperty) is { } key ? (uint)key : null);

    public static string Serialize(Dictionary<string, long> counts) => JsonSerializer.Serialize(counts, SurveyJsonContext.Default.DictionaryStringInt64);

    public static Dictionary<string, long> ReadCounts(TableEntity entity)
    {
        var json = entity.GetString(CountsProperty);
        return string.IsNullOrEmpty(json)
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(JsonSerializer.Deserialize(json, SurveyJsonContext.Default.DictionaryStringInt64)!, StringComparer.Ordinal);
    }

    public static AggregateRow ToAggregate(TableEntity entity)
    {
        var (counts, keys) = ReportCounters.SplitCellKeys(ReadCounts(entity));
        return new(counts, entity.GetString("Insurer"), entity.GetString("Plan"), entity.ETag, entity.GetInt64(TotalSnapshot.VersionProperty) ?? 0, keys);
    }

    public static AggregateRow ToAggregate(TotalSnapshot copy)
    {
        var (counts, keys) = ReportCounters.SplitCellKeys(ReadCounts(new TableEntity { [CountsProperty] = copy.Counts }));
        return new(counts, copy.Insurer, copy.Plan, default, copy.Version, keys);
    }

    public static AggregateRow? NonEmpty(AggregateRow total) => total.Counts.GetValueOrDefault(ReportCounters.Reports) > 0 ? total : null;
}
