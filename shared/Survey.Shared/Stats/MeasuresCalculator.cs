using Survey.Shared.Aggregation;
using Survey.Shared.Reports;

namespace Survey.Shared.Stats;

/// <summary>Turns summed counters (<see cref="ReportCounters"/>) into measures.</summary>
public static class MeasuresCalculator
{
    public static Measures From(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long Count(string counter) => counts.GetValueOrDefault(counter);

        var reports = Count(ReportCounters.Reports);
        var outcomes = ReportSchema.Outcomes.ToDictionary(o => o, o => Count(ReportCounters.Outcome(o)));
        var decided = reports - outcomes["pending"] - outcomes["not-billed"];
        var priorAuth = ReportSchema.YesNoUnknown.ToDictionary(a => a, a => Count(ReportCounters.PriorAuthorization(a)));
        var told = ReportSchema.YesNoUnknown.ToDictionary(a => a, a => Count(ReportCounters.ToldCovered(a)));
        return new Measures
        {
            Reports = reports,
            BySetting = ReportSchema.Settings.ToDictionary(
                s => s,
                s => new SettingStats(Count(ReportCounters.Setting(s)), ReportSchema.Outcomes.ToDictionary(o => o, o => Count(ReportCounters.SettingOutcome(s, o))))),
            ByRole = ReportSchema.ReporterRoles.ToDictionary(r => r, r => Count(ReportCounters.Role(r))),
            PriorAuthorizationRequired = priorAuth,
            Outcomes = outcomes,
            ToldCoveredBeforehand = told,
            Rates = new Rates(
                new Rate(outcomes["covered-in-full"], decided),
                new Rate(outcomes["covered-in-full"] + outcomes["covered-with-cost-share"] + outcomes["partially-covered"], decided),
                new Rate(outcomes["denied"], decided),
                new Rate(priorAuth["yes"], priorAuth["yes"] + priorAuth["no"]),
                new Rate(Count(ReportCounters.ToldCoveredButDenied), told["yes"])),
            OutOfPocket = OutOfPocketOf(counts),
            DenialReasons = ReportSchema.DenialReasons.ToDictionary(r => r, r => Count(ReportCounters.DenialReason(r))),
            AdvocacyActions = ReportSchema.AdvocacyActions.ToDictionary(a => a, a => Count(ReportCounters.AdvocacyAction(a))),
            Counters = new Dictionary<string, long>(counts, StringComparer.Ordinal),
        };
    }

    /// <summary>Count, median and mean of the out-of-pocket amounts (<see cref="CounterSums.OutOfPocket"/>).</summary>
    public static OutOfPocket OutOfPocketOf(IReadOnlyDictionary<string, long> counts)
    {
        var (reports, median, mean) = CounterSums.OutOfPocket(counts);
        return new OutOfPocket(reports, median, mean);
    }
}
