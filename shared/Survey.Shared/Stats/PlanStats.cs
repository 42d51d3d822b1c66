using System.Text.Json.Serialization;

namespace Survey.Shared.Stats;

/// <summary>Counts of one setting: reports and their outcomes.</summary>
public sealed record SettingStats(long Reports, IReadOnlyDictionary<string, long> Outcomes);

/// <summary>
/// One plan's totals, as <c>GET /api/stats/plans</c> lists them. Catalogue plans carry the catalogue's
/// names; an unverified plan (a name the catalogue does not know) carries the names its first report gave.
/// </summary>
public record PlanStats(
    string PlanKey,
    string Insurer,
    string? Plan,
    bool Verified,
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
    [JsonPropertyOrder(1)]
    public IReadOnlyDictionary<string, MonthStats> Months { get; }
}

/// <summary>The answer of <c>GET /api/stats/plans</c>.</summary>
public sealed record PlanStatsList(IReadOnlyList<PlanStats> Plans);

/// <summary>A catalogue plan as the committee sees it, with its report count.</summary>
public sealed record CatalogueEntry(
    string PlanKey,
    string InsurerKey,
    string Insurer,
    string? Plan,
    string PlanType,
    string State,
    bool IsDefault,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Aliases,
    string? MergedInto,
    long Reports);

/// <summary>A name the catalogue does not know, with its report count: a candidate for a merge.</summary>
public sealed record UnverifiedEntry(string PlanKey, string Insurer, string? Plan, long Reports);

/// <summary>The answer of <c>GET /api/catalogue/plans</c>.</summary>
public sealed record CatalogueListing(IReadOnlyList<CatalogueEntry> Plans, IReadOnlyList<UnverifiedEntry> Unverified);
