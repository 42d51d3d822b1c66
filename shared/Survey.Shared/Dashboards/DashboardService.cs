using Survey.Shared.Letters;
using Survey.Shared.Operations;
using Survey.Shared.Plans;
using Survey.Shared.Signals;
using Survey.Shared.Stats;

namespace Survey.Shared.Dashboards;

/// <summary>
/// What the committee's dashboard shows: every plan with reports matching the filter (most reports first),
/// and the chosen plan with its months. <see cref="Selected"/> is null when the chosen plan has no reports.
/// <see cref="Poison"/> says what waits in the poison queues (shown as a banner while anything does).
/// <see cref="Letters"/> counts the letters offered for the chosen plan, per month and recipient.
/// <see cref="Signals"/> are the active signals (listed on the first screen, marked on the chosen plan's timeline).
/// </summary>
public sealed record Dashboard(
    StatsFilter Filter, IReadOnlyList<PlanStats> Plans, string? SelectedPlanKey, PlanDetailStats? Selected, DateTimeOffset GeneratedAt, PoisonWaiting? Poison = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? Letters = null, IReadOnlyList<Signal>? Signals = null);

/// <summary>Reads the dashboard's data: the plan list and the timeline of one plan (by default the one with most reports).</summary>
public sealed class DashboardService(PlanStatsReader stats, PoisonMessages poison, SignalService signals, TimeProvider time)
{
    public async Task<Dashboard> GetAsync(StatsFilter filter, string? planKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var waiting = poison.WaitingAsync(cancellationToken);
        var active = signals.ActiveAsync(cancellationToken);
        var plans = (await stats.ListAsync(filter, cancellationToken)).Plans;
        var key = string.IsNullOrWhiteSpace(planKey) ? (plans.Count > 0 ? plans[0].PlanKey : null) : planKey.Trim();
        var selected = key is not null && PlanKeys.IsWellFormed(key) ? await stats.GetAsync(key, filter, cancellationToken) : null;
        var letters = selected is { Reports: > 0 } ? LetterCounts.From(await stats.ReadCellsAsync(key!, filter, cancellationToken)) : null;
        return new Dashboard(filter, plans, key, selected is { Reports: > 0 } ? selected : null, time.GetUtcNow(), await waiting, letters, await active);
    }
}
