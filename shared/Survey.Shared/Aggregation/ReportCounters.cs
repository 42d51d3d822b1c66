using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>
/// The counters one report adds to its plan's aggregates. Aggregates are nothing but these counters
/// summed, so a plan's aggregates can always be recomputed from its stored reports.
/// </summary>
public static class ReportCounters
{
    public const string Reports = "reports";

    public static string Setting(string setting) => $"setting:{setting}";

    public static string SettingOutcome(string setting, string outcome) => $"setting:{setting}:outcome:{outcome}";

    public static string Role(string role) => $"role:{role}";

    public static string PriorAuthorization(string answer) => $"priorAuth:{answer}";

    public static IReadOnlyList<string> For(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            Reports,
            Setting(report.Setting),
            SettingOutcome(report.Setting, report.Outcome),
            Role(report.ReporterRole),
            PriorAuthorization(report.PriorAuthorizationRequired ?? "unknown"),
        ];
    }

    /// <summary>Sums the counters of many reports, as the aggregates should hold them.</summary>
    public static Dictionary<string, long> Sum(IEnumerable<Report> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            foreach (var counter in For(report))
            {
                counts[counter] = counts.GetValueOrDefault(counter) + 1;
            }
        }

        return counts;
    }
}
