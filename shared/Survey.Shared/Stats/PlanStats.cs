namespace Survey.Shared.Stats;

/// <summary>Counts of one setting: reports and their outcomes.</summary>
public sealed record SettingStats(long Reports, IReadOnlyDictionary<string, long> Outcomes);

/// <summary>One plan's totals, as <c>GET /api/stats/plans</c> lists them.</summary>
public record PlanStats(
    string PlanKey,
    string Insurer,
    string? Plan,
    long Reports,
    IReadOnlyDictionary<string, SettingStats> BySetting,
    IReadOnlyDictionary<string, long> ByRole,
    IReadOnlyDictionary<string, long> PriorAuthorizationRequired);

/// <summary>One month of service within a plan.</summary>
public sealed record MonthStats(long Reports, IReadOnlyDictionary<string, SettingStats> BySetting);

/// <summary>One plan with its month-by-month counts, as <c>GET /api/stats/plans/{planKey}</c> returns it.</summary>
public sealed record PlanDetailStats : PlanStats
{
    public PlanDetailStats(PlanStats plan, IReadOnlyDictionary<string, MonthStats> months)
        : base(plan) => Months = months;

    /// <summary>Month of service (<c>YYYY-MM</c>) to that month's counts, in month order.</summary>
    public IReadOnlyDictionary<string, MonthStats> Months { get; }
}

/// <summary>The answer of <c>GET /api/stats/plans</c>.</summary>
public sealed record PlanStatsList(IReadOnlyList<PlanStats> Plans);
