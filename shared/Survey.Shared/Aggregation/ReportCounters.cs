using System.Globalization;
using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>
/// The counters one report adds to its plan's aggregate rows. Aggregates are nothing but these counters
/// summed, so they can always be recomputed from the stored reports, and every statistic (rates, the
/// out-of-pocket median, …) is computed from them.
/// </summary>
public static class ReportCounters
{
    public const string Reports = "reports";

    /// <summary>Reports whose family was told it was covered and whose claim was then denied.</summary>
    public const string ToldCoveredButDenied = "toldDenied";

    public const string OutOfPocketPrefix = "oopUsd:";

    public static string Setting(string setting) => $"setting:{setting}";

    public static string SettingOutcome(string setting, string outcome) => $"setting:{setting}:outcome:{outcome}";

    public static string Outcome(string outcome) => $"outcome:{outcome}";

    public static string Role(string role) => $"role:{role}";

    public static string PriorAuthorization(string answer) => $"priorAuth:{answer}";

    public static string ToldCovered(string answer) => $"told:{answer}";

    public static string DenialReason(string reason) => $"denial:{reason}";

    public static string AdvocacyAction(string action) => $"advocacy:{action}";

    /// <summary>One counter per distinct amount, so the median stays exact.</summary>
    public static string OutOfPocket(decimal amount) => OutOfPocketPrefix + amount.ToString("F2", CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> For(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var told = report.ToldCoveredBeforehand ?? "unknown";
        var counters = new List<string>(12)
        {
            Reports,
            Setting(report.Setting),
            SettingOutcome(report.Setting, report.Outcome),
            Outcome(report.Outcome),
            Role(report.ReporterRole),
            PriorAuthorization(report.PriorAuthorizationRequired ?? "unknown"),
            ToldCovered(told),
        };
        if (told == "yes" && report.Outcome == "denied")
        {
            counters.Add(ToldCoveredButDenied);
        }

        if (report.DenialReason is { } reason)
        {
            counters.Add(DenialReason(reason));
        }

        counters.AddRange(report.AdvocacyActions.Select(AdvocacyAction));
        if (report.OutOfPocketUsd is { } amount)
        {
            counters.Add(OutOfPocket(amount));
        }

        return counters;
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
