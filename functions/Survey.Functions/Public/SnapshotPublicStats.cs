using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Stats;

namespace Survey.Functions.Public;

/// <summary>
/// On <c>Survey:Public:SnapshotSchedule</c> (default Mondays at 06:00 UTC), or when the committee runs it through
/// the admin route: takes the frozen snapshot that <c>GET /api/public/stats</c> serves until the next one.
/// </summary>
public sealed class SnapshotPublicStats(PublicStatsService stats)
{
    [Function(nameof(SnapshotPublicStats))]
    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger("%" + PublicStatsOptions.SnapshotScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => stats.TakeSnapshotAsync(cancellationToken);
}
