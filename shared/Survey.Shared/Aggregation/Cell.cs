using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>
/// The slice of a plan a report falls in: month of service, state, reporter role, setting, plan type and
/// funding. A plan's counters are kept per cell as well as in total, so any combination of filters is a
/// sum over cells: the cost depends on how many distinct cells a plan has, never on how many reports.
/// </summary>
public sealed record Cell(string Month, string State, string Role, string Setting, string PlanType, string Funding)
{
    private const char Separator = '|';

    public static Cell Of(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.ServiceMonth, report.State, report.ReporterRole, report.Setting, report.PlanType ?? "unknown", report.Funding ?? "unknown");
    }

    /// <summary>The cell's part of a row key; months first, so a period is a key range.</summary>
    public string Key => string.Join(Separator, Month, State, Role, Setting, PlanType, Funding);

    public static Cell Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(Separator);
        return parts.Length == 6
            ? new Cell(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
            : throw new FormatException($"Not a cell key: {key}");
    }
}
