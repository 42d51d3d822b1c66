using Survey.Shared.Aggregation;
using Survey.Shared.Reports;

namespace Survey.Shared.Signals;

/// <summary>
/// The series a plan is tested on, built from its counters per month of service (the aggregate rows, never reports):
/// per setting, the denied rate (of the setting's decided claims); per plan, the prior-authorization rate (of those
/// who knew) and the told-covered-then-denied rate (of those told it was covered).
/// </summary>
public static class SignalSeries
{
    /// <summary>Denied, out of the decided claims (not pending, not billed), per setting.</summary>
    public const string Denied = "denied";

    /// <summary>Prior authorization required, out of the reports that answered yes or no; over all settings.</summary>
    public const string PriorAuthorization = "priorAuthorizationRequired";

    /// <summary>Denied after being told it was covered, out of the reports told it was covered; over all settings.</summary>
    public const string ToldCoveredThenDenied = "toldCoveredThenDenied";

    /// <summary>The setting of the plan-wide measures.</summary>
    public const string AllSettings = "all";

    /// <summary>Every measure, in the order lists show them.</summary>
    public static IReadOnlyList<string> Measures { get; } = [Denied, PriorAuthorization, ToldCoveredThenDenied];

    /// <summary>The series of one plan, from its counters per month (any order; months without counts may be absent).</summary>
    public static IEnumerable<SeriesTest> Of(string planKey, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> months)
    {
        ArgumentNullException.ThrowIfNull(planKey);
        ArgumentNullException.ThrowIfNull(months);
        var ordered = months.OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        foreach (var setting in ReportSchema.Settings)
        {
            var total = ReportCounters.Setting(setting);
            var denied = ReportCounters.SettingOutcome(setting, "denied");
            var pending = ReportCounters.SettingOutcome(setting, "pending");
            var notBilled = ReportCounters.SettingOutcome(setting, "not-billed");
            yield return Series(planKey, setting, Denied, ordered, c => (c.GetValueOrDefault(denied), c.GetValueOrDefault(total) - c.GetValueOrDefault(pending) - c.GetValueOrDefault(notBilled)));
        }

        var yes = ReportCounters.PriorAuthorization("yes");
        var no = ReportCounters.PriorAuthorization("no");
        yield return Series(planKey, AllSettings, PriorAuthorization, ordered, c => (c.GetValueOrDefault(yes), c.GetValueOrDefault(yes) + c.GetValueOrDefault(no)));
        var told = ReportCounters.ToldCovered("yes");
        yield return Series(planKey, AllSettings, ToldCoveredThenDenied, ordered, c => (c.GetValueOrDefault(ReportCounters.ToldCoveredButDenied), c.GetValueOrDefault(told)));
    }

    private static SeriesTest Series(
        string planKey, string setting, string measure, List<KeyValuePair<string, IReadOnlyDictionary<string, long>>> months, Func<IReadOnlyDictionary<string, long>, (long Count, long Of)> select)
    {
        var series = new List<MonthCount>(months.Count);
        foreach (var (month, counts) in months)
        {
            var (count, of) = select(counts);
            if (of > 0)
            {
                series.Add(new MonthCount(month, count, of));
            }
        }

        return new SeriesTest(planKey, setting, measure, series);
    }
}
