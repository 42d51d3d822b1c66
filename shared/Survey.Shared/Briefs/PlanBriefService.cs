using System.Globalization;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Shared.Briefs;

/// <summary>A narrative the reporter agreed to have quoted, with personal details removed and shortened.</summary>
public sealed record BriefQuote(string ServiceMonth, string ReporterRole, string Setting, string Outcome, string? Language, string Text);

/// <summary>A policy change from <see cref="Month"/> (its first month of service): the measures before it and from it.</summary>
public sealed record PolicyChange(string Month, Measures Before, Measures After);

/// <summary>Everything a one-page brief about a plan shows.</summary>
public sealed record PlanBrief(PlanDetailStats Plan, StatsFilter Filter, PolicyChange? Change, IReadOnlyList<BriefQuote> Quotes, DateTimeOffset GeneratedAt);

/// <summary>
/// Builds a plan's one-page advocacy brief: its filtered statistics and months, the before/after comparison
/// around a policy change, and at most <see cref="MaxQuotes"/> quotes from reports whose reporter consented,
/// most recent months of service first, scrubbed by <see cref="QuoteScrubber"/>.
/// </summary>
public sealed class PlanBriefService
{
    public const int MaxQuotes = 5;
    public const int MaxQuoteLength = 400;

    private readonly PlanStatsReader _stats;
    private readonly PlanStore _store;
    private readonly PlanCatalogue _catalogue;
    private readonly TimeProvider _time;

    internal PlanBriefService(PlanStatsReader stats, PlanStore store, PlanCatalogue catalogue, TimeProvider time)
    {
        _stats = stats;
        _store = store;
        _catalogue = catalogue;
        _time = time;
    }

    /// <summary>Whether <paramref name="value"/> is a month of service in the form <c>YYYY-MM</c>.</summary>
    public static bool IsMonth(string? value)
        => value is { Length: 7 } && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
           && date.Year is >= 2000 and <= 2999;

    /// <summary>The brief, or null for a plan with no reports at all.</summary>
    /// <param name="planKey">The plan.</param>
    /// <param name="filter">The statistics filters; quotes come from the reports they match.</param>
    /// <param name="changeMonth">The first month of service of a policy change (<c>YYYY-MM</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<PlanBrief?> GetAsync(string planKey, StatsFilter filter, string? changeMonth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planKey);
        ArgumentNullException.ThrowIfNull(filter);
        if (changeMonth is not null && !IsMonth(changeMonth))
        {
            throw new ArgumentException("Must be a month in the form YYYY-MM.", nameof(changeMonth));
        }

        if (!PlanKeys.IsWellFormed(planKey))
        {
            return null;
        }

        var planTask = _stats.GetAsync(planKey, filter, cancellationToken);
        var changeTask = changeMonth is null ? Task.FromResult<PolicyChange?>(null) : ChangeAsync(planKey, filter, changeMonth, cancellationToken);
        var plan = await planTask;
        if (plan is null)
        {
            return null;
        }

        var quotes = await QuotesAsync(plan, filter, cancellationToken);
        return new PlanBrief(plan, filter, await changeTask, quotes, _time.GetUtcNow());
    }

    private async Task<PolicyChange?> ChangeAsync(string planKey, StatsFilter filter, string month, CancellationToken cancellationToken)
    {
        var lastBefore = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var beforeFilter = filter with { To = Earlier(filter.To, lastBefore) };
        var afterFilter = filter with { From = Later(filter.From, month) };
        var before = _stats.GetAsync(planKey, beforeFilter, cancellationToken);
        var after = _stats.GetAsync(planKey, afterFilter, cancellationToken);
        return await before is { } b && await after is { } a ? new PolicyChange(month, b, a) : null;

        static string Earlier(string? a, string b) => a is not null && string.CompareOrdinal(a, b) < 0 ? a : b;
        static string Later(string? a, string b) => a is not null && string.CompareOrdinal(a, b) > 0 ? a : b;
    }

    private async Task<IReadOnlyList<BriefQuote>> QuotesAsync(PlanStats plan, StatsFilter filter, CancellationToken cancellationToken)
    {
        var candidates = new List<StoredReport>();
        await foreach (var stored in _store.ReadReportsAsync(plan.PlanKey, cancellationToken))
        {
            if (IsQuotable(stored.Report, filter))
            {
                candidates.Add(stored);
            }
        }

        return candidates.Count == 0 ? [] : SelectQuotes(candidates, filter, KnownNames(await _catalogue.GetAsync(cancellationToken), plan));
    }

    /// <summary>
    /// The quotes of a brief: narratives of reports matching the filter whose reporter consented to quoting,
    /// most recent month of service (then most recently received) first, scrubbed and shortened, at most <see cref="MaxQuotes"/>.
    /// </summary>
    internal static IReadOnlyList<BriefQuote> SelectQuotes(IEnumerable<StoredReport> reports, StatsFilter filter, IEnumerable<string> knownNames)
    {
        var known = knownNames.ToList();
        return reports
            .Where(r => IsQuotable(r.Report, filter))
            .OrderByDescending(r => r.Report.ServiceMonth, StringComparer.Ordinal)
            .ThenByDescending(r => r.ReceivedAt)
            .Select(r => new BriefQuote(
                r.Report.ServiceMonth,
                r.Report.ReporterRole,
                r.Report.Setting,
                r.Report.Outcome,
                r.Report.Language,
                QuoteScrubber.Shorten(QuoteScrubber.Scrub(r.Report.Narrative!, known), MaxQuoteLength)))
            .Where(q => q.Text.Length > 0)
            .Take(MaxQuotes)
            .ToList();
    }

    private static bool IsQuotable(Report report, StatsFilter filter)
        => report is { ConsentToQuote: true, Narrative: { } narrative } && !string.IsNullOrWhiteSpace(narrative) && filter.Matches(Cell.Of(report));

    /// <summary>Names whose words stay in quotes: every insurer and plan name of the catalogue, and this plan's own.</summary>
    private static List<string> KnownNames(CatalogueSnapshot catalogue, PlanStats plan)
    {
        var names = new List<string> { plan.Insurer };
        if (plan.Plan is not null)
        {
            names.Add(plan.Plan);
        }

        foreach (var insurer in catalogue.Insurers.Values)
        {
            names.Add(insurer.Name);
            names.AddRange(insurer.Aliases);
        }

        foreach (var known in catalogue.Plans.Values)
        {
            if (known.Plan is not null)
            {
                names.Add(known.Plan);
            }

            names.AddRange(known.Names);
            names.AddRange(known.Aliases);
        }

        return names;
    }
}
