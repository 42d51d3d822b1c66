using Microsoft.Extensions.Logging;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>The answer to a merge.</summary>
public abstract record MergeResult
{
    private MergeResult()
    {
    }

    /// <summary>The source's reports now count in the target; <paramref name="Moved"/> by this run, <paramref name="AlreadyMoved"/> by an earlier one that stopped half-way.</summary>
    public sealed record Merged(string Source, string Target, int Moved, int AlreadyMoved) : MergeResult;

    public sealed record NotFound(string Detail) : MergeResult;

    public sealed record Conflict(string Detail) : MergeResult;
}

/// <summary>
/// Merges an unverified plan (or a catalogue plan) into a catalogue plan, retroactively: the source's
/// name becomes an alias of the target (or the source plan is marked as merged), so new reports go to
/// the target; then every stored report moves, with the totals and months of both plans (counted in the
/// target, claimed for it, taken out of the source); then the empty source is retired (its total row marks it merged
/// into the target, so a late report counted there by an instance with an older catalogue goes to the target,
/// and it leaves the plan list). Each step is idempotent and the order makes a run that
/// stopped anywhere safe to run again: a report is first counted in the target (a second time is a
/// no-op), then taken out of the source (a second time is a no-op).
/// </summary>
public sealed partial class PlanMerger
{
    private const int MaxPasses = 3;
    private readonly PlanCatalogue _catalogue;
    private readonly PlanStore _store;
    private readonly ReportIndex _index;
    private readonly ILogger<PlanMerger> _logger;

    internal PlanMerger(PlanCatalogue catalogue, PlanStore store, ReportIndex index, ILogger<PlanMerger> logger)
    {
        _catalogue = catalogue;
        _store = store;
        _index = index;
        _logger = logger;
    }

    public async Task<MergeResult> MergeAsync(string source, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var catalogue = await _catalogue.GetAsync(cancellationToken);
        if (!catalogue.Plans.TryGetValue(target, out var targetPlan) || targetPlan.MergedInto is not null)
        {
            return new MergeResult.NotFound($"The target '{target}' is not a live catalogue plan.");
        }

        if (source == target)
        {
            return new MergeResult.Conflict("A plan cannot be merged into itself.");
        }

        if (catalogue.Plans.TryGetValue(source, out var sourcePlan))
        {
            if (sourcePlan.MergedInto is { } earlier && earlier != target)
            {
                return new MergeResult.Conflict($"'{source}' was merged into '{earlier}' already.");
            }

            await _catalogue.MarkMergedAsync(source, target, cancellationToken);
        }
        else if (source.StartsWith(PlanKeys.UnverifiedPrefix, StringComparison.Ordinal) && PlanKeys.IsWellFormed(source))
        {
            // The name as first typed becomes an alias of the target. A re-run after the source's rows
            // were removed finds no names; the alias was added by the run that removed them.
            var total = await _store.ReadTotalAsync(source, cancellationToken);
            if (total?.Insurer is { } insurer)
            {
                var alias = string.IsNullOrWhiteSpace(total.Plan) ? insurer : $"{insurer} {total.Plan}";
                if (catalogue.NamesAnotherPlan(MatchText.Key(alias), target))
                {
                    return new MergeResult.Conflict($"The name of '{source}' already names another plan.");
                }

                await _catalogue.AddAliasUncheckedAsync(target, alias, cancellationToken);
            }
        }
        else
        {
            return new MergeResult.NotFound($"No catalogue or unverified plan '{source}'.");
        }

        await _store.EnsureListedAsync(target, cancellationToken);
        var moved = 0;
        var alreadyMoved = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            // Reports counted into the source while a pass ran (by an instance with an older catalogue) are taken by the next pass.
            var reports = await _store.ReadReportsAsync(source, cancellationToken).ToListAsync(cancellationToken);
            // Every report is counted in the target before any leaves the source (in batches of one transaction each).
            var counted = await _store.CountReportsAsync(target, reports, cancellationToken);
            moved += counted.Count(c => c);
            alreadyMoved += counted.Count(c => !c);
            var withdrawn = new List<StoredReport>();
            foreach (var report in reports)
            {
                await _index.MoveClaimAsync(report.ReportId, target, cancellationToken);

                // A withdrawal marks the claim before it reads the claim's plan: one that read the source
                // took the report out of the source only, so take it out of the target here too.
                if (await _index.IsWithdrawnAsync(report.ReportId, cancellationToken))
                {
                    withdrawn.Add(report);
                }
            }

            await _store.UncountReportsAsync(target, withdrawn, cancellationToken);
            await _store.UncountReportsAsync(source, reports, cancellationToken);

            if (await _store.RetireEmptyPlanAsync(source, target, cancellationToken))
            {
                break;
            }
        }

        LogMerged(_logger, source, target, moved, alreadyMoved);
        return new MergeResult.Merged(source, target, moved, alreadyMoved);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged plan {Source} into {Target}: {Moved} reports moved, {AlreadyMoved} moved by an earlier run")]
    private static partial void LogMerged(ILogger logger, string source, string target, int moved, int alreadyMoved);
}
