using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Survey.Shared.Stats;

/// <summary>Counts of one setting: reports and their outcomes.</summary>
public sealed record SettingStats(long Reports, IReadOnlyDictionary<string, long> Outcomes);

/// <summary>A count and what it is counted out of, with the rate (null when out of nothing).</summary>
public sealed record Rate(long Count, long Of)
{
    public double? Value => Of == 0 ? null : Math.Round((double)Count / Of, 4);
}

/// <summary>
/// The rates the committee quotes. Outcome rates are out of the reports with a decided outcome (not
/// <c>pending</c>, not <c>not-billed</c>); prior authorization out of the reports that answered yes or no;
/// "told covered but denied" out of the reports whose family was told beforehand it was covered.
/// </summary>
public sealed record Rates(Rate CoveredInFull, Rate AnyCoverage, Rate Denied, Rate PriorAuthorizationRequired, Rate ToldCoveredButDenied);

/// <summary>Out-of-pocket amounts, from the reports that gave one.</summary>
public sealed record OutOfPocket(long Reports, decimal? MedianUsd, decimal? MeanUsd);

/// <summary>Everything counted about a set of reports (a plan, a month, a filtered slice).</summary>
public record Measures
{
    public Measures()
    {
    }

    [SetsRequiredMembers]
    protected Measures(Measures original)
    {
        ArgumentNullException.ThrowIfNull(original);
        (Reports, BySetting, ByRole, PriorAuthorizationRequired, Outcomes, ToldCoveredBeforehand, Rates, OutOfPocket, DenialReasons, AdvocacyActions) =
            (original.Reports, original.BySetting, original.ByRole, original.PriorAuthorizationRequired, original.Outcomes, original.ToldCoveredBeforehand,
             original.Rates, original.OutOfPocket, original.DenialReasons, original.AdvocacyActions);
        Counters = original.Counters;
    }

    public required long Reports { get; init; }

    public required IReadOnlyDictionary<string, SettingStats> BySetting { get; init; }

    public required IReadOnlyDictionary<string, long> ByRole { get; init; }

    public required IReadOnlyDictionary<string, long> PriorAuthorizationRequired { get; init; }

    public required IReadOnlyDictionary<string, long> Outcomes { get; init; }

    public required IReadOnlyDictionary<string, long> ToldCoveredBeforehand { get; init; }

    public required Rates Rates { get; init; }

    public required OutOfPocket OutOfPocket { get; init; }

    public required IReadOnlyDictionary<string, long> DenialReasons { get; init; }

    public required IReadOnlyDictionary<string, long> AdvocacyActions { get; init; }

    /// <summary>
    /// The summed counters the measures come from (<see cref="Aggregation.ReportCounters"/>): where the committee's CSV
    /// finds the per-option counts of a counted question that has no measure of its own. Not part of the API's JSON.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();
}

/// <summary>
/// One plan's measures, as <c>GET /api/stats/plans</c> lists them. Catalogue plans carry the catalogue's
/// names; an unverified plan (a name the catalogue does not know) carries the names its first report gave.
/// </summary>
public record PlanStats : Measures
{
    [SetsRequiredMembers]
    public PlanStats(Measures measures)
        : base(measures)
    {
    }

    [JsonPropertyOrder(-4)]
    public string PlanKey { get; init; } = string.Empty;

    [JsonPropertyOrder(-3)]
    public string Insurer { get; init; } = string.Empty;

    [JsonPropertyOrder(-2)]
    public string? Plan { get; init; }

    [JsonPropertyOrder(-1)]
    public bool Verified { get; init; }
}

/// <summary>One plan with its month-by-month measures, as <c>GET /api/stats/plans/{planKey}</c> returns it.</summary>
public sealed record PlanDetailStats : PlanStats
{
    [SetsRequiredMembers]
    public PlanDetailStats(PlanStats plan, IReadOnlyDictionary<string, Measures> months)
        : base(plan) => Months = months;

    /// <summary>Month of service (<c>YYYY-MM</c>) to that month's measures, in month order.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyDictionary<string, Measures> Months { get; }
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
