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

    /// <summary>In the plan list's form (<see cref="ListForm"/>): reports with an out-of-pocket amount.</summary>
    public const string OutOfPocketReports = "oop:reports";

    /// <summary>In the plan list's form: the median out-of-pocket amount, in cents.</summary>
    public const string OutOfPocketMedianCents = "oop:medianCents";

    /// <summary>In the plan list's form: the mean out-of-pocket amount, in cents.</summary>
    public const string OutOfPocketMeanCents = "oop:meanCents";

    /// <summary>Every counter the schema defines, except the one per out-of-pocket amount.</summary>
    public static IReadOnlyList<string> Schema { get; } =
    [
        Reports,
        ToldCoveredButDenied,
        .. ReportSchema.Settings.Select(Setting),
        .. ReportSchema.Settings.SelectMany(s => ReportSchema.Outcomes.Select(o => SettingOutcome(s, o))),
        .. ReportSchema.Outcomes.Select(Outcome),
        .. ReportSchema.ReporterRoles.Select(Role),
        .. ReportSchema.YesNoUnknown.Select(PriorAuthorization),
        .. ReportSchema.YesNoUnknown.Select(ToldCovered),
        .. ReportSchema.DenialReasons.Select(DenialReason),
        .. ReportSchema.AdvocacyActions.Select(AdvocacyAction),
    ];

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

    /// <summary>
    /// A total in the fixed form the plan list keeps: every counter of <see cref="Schema"/> (zeros included)
    /// and any other counter the total holds, with the counters per out-of-pocket amount folded into their
    /// count, median and mean. A plan's list row then has the same size whether it counts one report or a
    /// hundred thousand, however many distinct amounts they paid; the measures computed from it equal the
    /// total's (<see cref="Stats.MeasuresCalculator"/> reads either form).
    /// </summary>
    public static Dictionary<string, long> ListForm(IReadOnlyDictionary<string, long> total)
    {
        ArgumentNullException.ThrowIfNull(total);
        var form = Schema.ToDictionary(counter => counter, total.GetValueOrDefault, StringComparer.Ordinal);
        foreach (var (counter, count) in total)
        {
            if (!counter.StartsWith(OutOfPocketPrefix, StringComparison.Ordinal))
            {
                form[counter] = count;
            }
        }

        var outOfPocket = Stats.MeasuresCalculator.OutOfPocketOf(total);
        form[OutOfPocketReports] = outOfPocket.Reports;
        form[OutOfPocketMedianCents] = Cents(outOfPocket.MedianUsd);
        form[OutOfPocketMeanCents] = Cents(outOfPocket.MeanUsd);
        return form;

        static long Cents(decimal? amount) => amount is { } usd ? (long)(usd * 100) : 0;
    }
}
