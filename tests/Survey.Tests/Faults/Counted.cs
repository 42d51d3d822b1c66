using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Operations;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Faults;

/// <summary>What a load left in storage, once everything on the queue was counted.</summary>
/// <param name="Stored">Report id to the plan whose report rows hold it.</param>
/// <param name="Replayed">Poison messages replayed while waiting (as the committee would after an outage).</param>
internal sealed record CountedReports(IReadOnlyDictionary<string, string> Stored, int Replayed);

/// <summary>The exactly-once checks of the fault and load tests.</summary>
internal static class Counted
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Waits (bounded) until the reports queue and its poison queue are empty — replaying poison messages, as the
    /// committee would after an outage — and the plans' totals reach <paramref name="atLeast"/> reports; then
    /// checks that no report is counted twice: every stored report was submitted and is stored in one plan only,
    /// each plan's total equals its stored reports, and every aggregate row equals the counts recomputed from
    /// the stored reports (<see cref="PlanAuditor"/>).
    /// </summary>
    public static async Task<CountedReports> CheckNothingCountedTwiceAsync(string connectionString, LoadResult load, IReadOnlyList<string> planKeys, int atLeast)
    {
        await using var services = StorageFixture.Build(connectionString);
        var store = services.GetRequiredService<PlanStore>();
        var poison = services.GetRequiredService<PoisonMessages>();
        var queue = new QueueClient(connectionString, StorageNames.ReportsQueue);
        var replayed = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                if ((await poison.ListAsync(default)).Count > 0)
                {
                    replayed += (await poison.ReplayAsync(null, default)).Replayed;
                    return false;
                }

                if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
                {
                    return false;
                }

                var totals = await Task.WhenAll(planKeys.Select(async plan => (await store.ReadTotalAsync(plan, default))?.Counts.GetValueOrDefault(ReportCounters.Reports) ?? 0));
                return totals.Sum() >= atLeast;
            },
            $"the queues are empty and at least {atLeast} reports are counted",
            DrainTimeout);

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var auditor = services.GetRequiredService<PlanAuditor>();
        foreach (var plan in planKeys)
        {
            var reports = await store.ReadReportsAsync(plan, default).ToListAsync();
            foreach (var report in reports)
            {
                Assert.True(stored.TryAdd(report.ReportId, plan), $"Report {report.ReportId} is stored in {stored.GetValueOrDefault(report.ReportId)} and {plan}.");
                Assert.Contains(report.ReportId, load.Submitted);
            }

            var total = (await store.ReadTotalAsync(plan, default))?.Counts.GetValueOrDefault(ReportCounters.Reports) ?? 0;
            Assert.Equal(reports.Count, total);
            var audit = await auditor.ReconcileAsync(plan, repair: false, default);
            Assert.Empty(audit.Drift);
        }

        return new CountedReports(stored, replayed);
    }

    /// <summary>Every report answered 202 is stored, in the plan it names (and, with the checks above, counted once).</summary>
    public static void AssertEveryAcceptedReportIsCounted(LoadResult load, CountedReports counted)
    {
        var missing = load.Accepted.Where(a => counted.Stored.GetValueOrDefault(a.Key) != a.Value).Select(a => a.Key).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} reports answered 202 are not counted in their plan, e.g. {string.Join(", ", missing.Take(5))}.");
    }
}
