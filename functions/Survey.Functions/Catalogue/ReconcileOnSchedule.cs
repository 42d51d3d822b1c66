using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

/// <summary>Every night at 03:30 UTC: checks every plan's aggregates against its reports, and repairs drift unless turned off.</summary>
public sealed class ReconcileOnSchedule(PlanAuditor auditor, IOptions<CatalogueOptions> options)
{
    public const string Schedule = "0 30 3 * * *";

    [Function(nameof(ReconcileOnSchedule))]

    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => auditor.ReconcileAsync(planKey: null, options.Value.RepairOnSchedule, cancellationToken);
}
