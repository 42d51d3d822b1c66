using Azure;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Aggregation;

/// <summary>Concurrent reports of one plan share one transaction (group commit), still each counted exactly once.</summary>
[Collection(StorageGroup.Name)]
public sealed class GroupCommitTests(StorageFixture fixture)
{
    private static readonly string[] Months = ["2025-01", "2025-02", "2025-03", "2025-04"];

    private ReportAggregator Aggregator => fixture.Services.GetRequiredService<ReportAggregator>();

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    private PlanAuditor Auditor => fixture.Services.GetRequiredService<PlanAuditor>();

    [Fact]
    public async Task Two_hundred_reports_of_one_plan_with_sixty_duplicate_deliveries_by_24_concurrent_callers_count_exactly_once()
    {
        var insurer = SampleReports.UniqueInsurer("Hot plan");
        var unique = Reports(insurer, 200).Select(r => (Report: r, Message: Envelopes.Message(r))).ToList();
        var random = new Random(8);
        var deliveries = unique.Select(u => u.Message)
            .Concat(unique.Where((_, i) => i % 4 == 0).Take(50).Select(u => u.Message))
            .Concat(unique.Where((_, i) => i % 20 == 0).Select(u => u.Message))
            .OrderBy(_ => random.Next())
            .ToList();
        Assert.Equal(260, deliveries.Count);

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<AggregationOutcome>();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (message, token) =>
            outcomes.Add(await Aggregator.ProcessAsync(message, token)));

        Assert.Equal(200, outcomes.Count(o => o == AggregationOutcome.Counted));
        Assert.Equal(60, outcomes.Count(o => o == AggregationOutcome.Duplicate));
        var planKey = PlanKeys.Unverified(insurer, null);
        await AssertAggregatesAreTheRecomputationAsync(planKey, unique.Select(u => u.Report).ToList());
    }

    [Fact]
    public async Task A_batch_holding_an_already_counted_report_counts_the_others_and_answers_that_one_as_counted_before()
    {
        var insurer = SampleReports.UniqueInsurer("Batch");
        var planKey = PlanKeys.Unverified(insurer, null);
        var reports = Reports(insurer, 12).Select(r => new StoredReport(Guid.NewGuid().ToString("D"), r, DateTimeOffset.UnixEpoch, ReportEnvelope.CurrentSchemaVersion)).ToList();
        Assert.True(await Store.CountReportAsync(planKey, reports[5], insurer, null, default));

        // All twelve join one waiting list at once, so they go in one transaction whose sixth add fails (409).
        var counted = await Store.CountReportsAsync(planKey, reports, default);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => i != 5), counted);
        await AssertAggregatesAreTheRecomputationAsync(planKey, reports.Select(r => r.Report).ToList());

        // Taking them out is the same discipline: the second time, nothing is left to take.
        Assert.All(await Store.UncountReportsAsync(planKey, reports, default), Assert.True);
        Assert.All(await Store.UncountReportsAsync(planKey, reports, default), Assert.False);
        Assert.Null(await Store.ReadTotalAsync(planKey, default));
        Assert.Empty(await Store.ReadCellsAsync(planKey, null, null, default));
    }

    [Fact]
    public async Task A_batch_whose_transaction_fails_fails_every_caller_and_their_redelivery_counts_each_once()
    {
        // Every entity group transaction ($batch) fails while the faults are on.
        var faults = new TableFaults(request => request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal));
        await using var faulty = TableFaults.Services(fixture.ConnectionString, faults);
        var insurer = SampleReports.UniqueInsurer("Failing batch");
        var reports = Reports(insurer, 40).ToList();
        var messages = reports.Select(r => Envelopes.Message(r)).ToList();
        var aggregator = faulty.GetRequiredService<ReportAggregator>();

        faults.Failing = true;
        var failed = 0;
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (message, token) =>
        {
            var thrown = await Record.ExceptionAsync(() => aggregator.ProcessAsync(message, token));
            if (thrown is RequestFailedException { Status: 503 })
            {
                Interlocked.Increment(ref failed);
            }
        });
        Assert.Equal(40, failed);
        var planKey = PlanKeys.Unverified(insurer, null);
        Assert.Null(await Store.ReadTotalAsync(planKey, default));

        // The queue delivers every message again (some twice), once storage is back.
        faults.Failing = false;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<AggregationOutcome>();
        await Parallel.ForEachAsync(messages.Concat(messages.Take(10)), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (message, token) =>
            outcomes.Add(await aggregator.ProcessAsync(message, token)));

        Assert.Equal(40, outcomes.Count(o => o == AggregationOutcome.Counted));
        Assert.Equal(10, outcomes.Count(o => o == AggregationOutcome.Duplicate));
        await AssertAggregatesAreTheRecomputationAsync(planKey, reports);
    }

    [Fact]
    public async Task A_plans_next_commits_read_no_aggregate_rows_and_a_row_another_writer_changed_is_read_again()
    {
        var reads = 0;
        var counter = new TableFaults(request =>
        {
            if (request.Method == RequestMethod.Get && request.Uri.Path.Contains($"/{StorageNames.PlanStatsTable}(", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref reads);
            }

            return false;
        }) { Failing = true };
        await using var services = TableFaults.Services(fixture.ConnectionString, counter);
        var store = services.GetRequiredService<PlanStore>();
        var insurer = SampleReports.UniqueInsurer("Remembered rows");
        var planKey = PlanKeys.Unverified(insurer, null);
        var reports = Enumerable.Range(0, 8)
            .Select(i => new StoredReport(Guid.NewGuid().ToString("D"), Envelopes.Report(insurer, outcome: i % 2 == 0 ? "denied" : "covered-in-full"), DateTimeOffset.UnixEpoch, ReportEnvelope.CurrentSchemaVersion))
            .ToList();

        // One at a time, in one cell: the first commit reads the total and the cell; the next ones remember them.
        foreach (var report in reports.Take(6))
        {
            Assert.True(await store.CountReportAsync(planKey, report, insurer, null, default));
        }

        Assert.Equal(2, reads);

        // Another process (the fixture's own store) counts one: the remembered ETags are stale, so the next
        // commit fails with 412, reads both rows again and counts on top of the other's report.
        Assert.True(await Store.CountReportAsync(planKey, reports[6], insurer, null, default));
        Assert.True(await store.CountReportAsync(planKey, reports[7], insurer, null, default));
        Assert.Equal(4, reads);

        await AssertAggregatesAreTheRecomputationAsync(planKey, reports.Select(r => r.Report).ToList());
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
    }

    private Task AssertAggregatesAreTheRecomputationAsync(string planKey, List<Report> sent) => PlanAssertions.HoldsExactlyAsync(fixture.Services, planKey, sent);

    private static IEnumerable<Report> Reports(string insurer, int count)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count).Select(i => Envelopes.Report(
            insurer,
            setting: ReportSchema.Settings[random.Next(ReportSchema.Settings.Length)],
            outcome: ReportSchema.Outcomes[random.Next(ReportSchema.Outcomes.Length)],
            month: Months[random.Next(Months.Length)],
            priorAuth: i % 3 == 0 ? "yes" : null));
    }
}
