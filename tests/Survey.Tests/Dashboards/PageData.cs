using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Stats;

namespace Survey.Tests.Dashboards;

/// <summary>Builds statistics the way the aggregator does: counters of reports, summed, turned into measures.</summary>
internal static class PageData
{
    public static Report Report(string month, string setting = "home", string outcome = "covered-in-full", string? told = null, string? priorAuth = null, string? reason = null, decimal? paid = null)
        => new()
        {
            ReporterRole = "family",
            State = "MA",
            Insurer = "Acme",
            ServiceMonth = month,
            Setting = setting,
            Outcome = outcome,
            ToldCoveredBeforehand = told,
            PriorAuthorizationRequired = priorAuth,
            DenialReason = reason,
            OutOfPocketUsd = paid,
        };

    public static Measures MeasuresOf(IEnumerable<Report> reports)
    {
        return MeasuresCalculator.From(ReportCounters.Sum(reports));
    }

    public static PlanDetailStats Plan(string planKey, string insurer, string? plan, bool verified, IReadOnlyList<Report> reports)
    {
        var months = reports.GroupBy(r => r.ServiceMonth, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => MeasuresOf(g), StringComparer.Ordinal);
        return new PlanDetailStats(new PlanStats(MeasuresOf(reports)) { PlanKey = planKey, Insurer = insurer, Plan = plan, Verified = verified }, months);
    }

    /// <summary>Home visits denied from January to April 2025, covered in full from May (the policy change), office visits covered throughout.</summary>
    public static IReadOnlyList<Report> Reversal() =>
    [
        Report("2025-01", outcome: "denied", told: "yes", priorAuth: "yes", reason: "setting-not-covered", paid: 180),
        Report("2025-01", setting: "office"),
        Report("2025-02", outcome: "denied", told: "yes", reason: "setting-not-covered", paid: 200),
        Report("2025-02", outcome: "denied", told: "no", reason: "provider-not-licensed", paid: 150),
        Report("2025-04", outcome: "denied", told: "yes", priorAuth: "yes", reason: "setting-not-covered"),
        Report("2025-05", priorAuth: "no", paid: 0),
        Report("2025-05", setting: "office", priorAuth: "no"),
        Report("2025-06", priorAuth: "no"),
        Report("2025-06", outcome: "pending"),
        Report("2025-07", outcome: "covered-with-cost-share", paid: 20),
    ];
}
