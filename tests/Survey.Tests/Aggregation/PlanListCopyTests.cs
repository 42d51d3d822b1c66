using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Aggregation;

/// <summary>
/// The plan list reads a copy of each plan's total from the plan list's rows (one query); the copy follows
/// every change of the total, never goes back to an older version, and reconcile repairs it.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class PlanListCopyTests(StorageFixture fixture)
{
    private ReportAggregator Aggregator => fixture.Services.GetRequiredService<ReportAggregator>();

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    private PlanAuditor Auditor => fixture.Services.GetRequiredService<PlanAuditor>();

    private PlanStatsReader Stats => fixture.Services.GetRequiredService<PlanStatsReader>();

    private TableClient Plans => new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.PlansTable);

    [Fact]
    public async Task The_plan_list_equals_the_recounted_totals_after_counting_a_merge_and_a_withdrawal()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var target = $"test-{id}";
        var targetName = $"Copy Target {id}";
        Assert.IsType<CatalogueChange.Done>(await fixture.Services.GetRequiredService<PlanCatalogue>().AddPlanAsync(
            new NewPlan(target, target, targetName, null, "hmo", "MA", null, null), default));
        var sourceName = $"Copy Source {id}";
        var source = PlanKeys.Unverified(sourceName, null);
        var inTarget = new List<Report>();
        var inSource = new List<Report>();
        for (var i = 0; i < 3; i++)
        {
            inTarget.Add(Envelopes.Report(targetName, setting: "office", month: "2025-0" + (i + 1)));
            Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(inTarget[^1]), default));
        }

        var withdrawn = Envelopes.Report(sourceName, outcome: "denied", priorAuth: "yes");
        var code = WithdrawalCode.Create(Envelopes.Key);
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(withdrawn, withdrawalHash: code.Hash), default));
        for (var i = 0; i < 4; i++)
        {
            inSource.Add(Envelopes.Report(sourceName, outcome: i % 2 == 0 ? "denied" : "covered-in-full", month: "2025-0" + (i + 1)));
            Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(inSource[^1]), default));
        }

        await AssertListedAsync(target, inTarget);
        await AssertListedAsync(source, [.. inSource, withdrawn]);

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(code.Hash), default));
        await AssertListedAsync(source, inSource);

        Assert.IsType<MergeResult.Merged>(await fixture.Services.GetRequiredService<PlanMerger>().MergeAsync(source, target, default));
        await AssertListedAsync(target, [.. inTarget, .. inSource]);
        Assert.DoesNotContain((await Stats.ListAsync(default)).Plans, p => p.PlanKey == source);
        Assert.Empty((await Auditor.ReconcileAsync(target, repair: false, default)).Drift);
    }

    [Fact]
    public async Task A_copy_with_an_older_version_never_replaces_a_newer_one_even_when_written_concurrently()
    {
        var (planKey, reports) = await CountedPlanAsync("Stale copy", 5);
        var total = (await Store.ReadTotalRowAsync(planKey, default))!;
        var copies = new PlanCopies(Plans);

        // An older commit's copy, arriving late, is refused; so is a copy of the same version.
        var stale = new TotalSnapshot("{\"reports\":1}", total.Version - 1, null, null);
        Assert.False(await copies.RefreshAsync(planKey, stale, default));
        Assert.False(await copies.RefreshAsync(planKey, stale with { Version = total.Version }, default));
        await AssertListedAsync(planKey, reports);

        // Twenty writers with versions in random order: the newest wins, whatever the order they land in.
        var versions = Enumerable.Range(1, 20).Select(v => total.Version + v).OrderBy(_ => Random.Shared.Next()).ToList();
        await Parallel.ForEachAsync(versions, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (version, token) =>
            await copies.RefreshAsync(planKey, new TotalSnapshot($"{{\"reports\":{version}}}", version, null, null), token));

        var (copy, _) = await Store.ReadCopyAsync(planKey, default);
        Assert.Equal(total.Version + 20, copy!.Version);
        Assert.Equal(total.Version + 20, copy.Counts[ReportCounters.Reports]);

        // That copy is not the total's: reconcile puts the total's back.
        await Auditor.ReconcileAsync(planKey, repair: true, default);
        await AssertListedAsync(planKey, reports);
    }

    [Fact]
    public async Task A_copy_goes_on_without_a_read_while_this_process_wrote_the_row_last_and_reads_first_when_another_did()
    {
        var (planKey, reports) = await CountedPlanAsync("Remembered copy", 2);
        var version = (await Store.ReadTotalRowAsync(planKey, default))!.Version;
        var reads = 0;
        var counter = new TableFaults(request =>
        {
            if (request.Method == RequestMethod.Get && request.Uri.Path.Contains("/plans(", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref reads);
            }

            return false;
        }) { Failing = true };
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var here = new PlanCopies(new TableServiceClient(fixture.ConnectionString, options).GetTableClient(StorageNames.PlansTable));
        var there = new PlanCopies(Plans);
        static TotalSnapshot Snapshot(long v) => new($"{{\"reports\":{v}}}", v, null, null);

        Assert.True(await here.RefreshAsync(planKey, Snapshot(version + 1), default));
        Assert.True(await here.RefreshAsync(planKey, Snapshot(version + 2), default));
        Assert.True(await here.RefreshAsync(planKey, Snapshot(version + 3), default));
        Assert.Equal(1, reads);

        // Another process writes a newer copy: this one's remembered ETag is stale, so it reads, and leaves the newer copy be.
        Assert.True(await there.RefreshAsync(planKey, Snapshot(version + 10), default));
        Assert.False(await here.RefreshAsync(planKey, Snapshot(version + 4), default));
        Assert.Equal(2, reads);
        Assert.Equal(version + 10, (await Store.ReadCopyAsync(planKey, default)).Copy!.Version);

        // What it read is remembered: the next newer copy goes on without a read again.
        Assert.True(await here.RefreshAsync(planKey, Snapshot(version + 11), default));
        Assert.Equal(2, reads);
        Assert.Equal(version + 11, (await Store.ReadCopyAsync(planKey, default)).Copy!.Version);

        await Auditor.ReconcileAsync(planKey, repair: true, default);
        await AssertListedAsync(planKey, reports);
    }

    [Fact]
    public async Task A_copy_broken_by_hand_is_found_by_reconcile_and_repaired_only_when_asked()
    {
        var (planKey, reports) = await CountedPlanAsync("Broken copy", 4);
        var row = (await Plans.GetEntityAsync<TableEntity>("plans", planKey)).Value;
        row["Counts"] = "{\"reports\":40}";
        await Plans.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
        Assert.Equal(40, Listed(await Stats.ListAsync(default), planKey).Reports);

        var found = await Auditor.ReconcileAsync(planKey, repair: false, default);

        var drift = Assert.Single(found.Drift);
        Assert.Contains(new CounterDrift("copy", ReportCounters.Reports, 40, 4), drift.Differences);
        Assert.All(drift.Differences, d => Assert.Equal("copy", d.Row));
        Assert.Equal(40, Listed(await Stats.ListAsync(default), planKey).Reports);

        Assert.True(Assert.Single((await Auditor.ReconcileAsync(planKey, repair: true, default)).Drift).Repaired);

        await AssertListedAsync(planKey, reports);
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
    }

    [Fact]
    public async Task A_redelivery_after_another_instance_stopped_between_its_commit_and_its_copy_writes_the_copy_from_the_stored_total()
    {
        var insurer = SampleReports.UniqueInsurer("Stopped before copy");
        var planKey = PlanKeys.Unverified(insurer, null);
        var first = Envelopes.Report(insurer);
        var second = Envelopes.Report(insurer, outcome: "denied");
        var secondMessage = Envelopes.Message(second);

        // This instance counts the first report, and remembers the total as its transaction left it.
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(first), default));

        // Another instance commits the second one and stops before it copies the total to the plan list.
        await using (var stopping = TableFaults.Services(fixture.ConnectionString, new TableHook(TableHook.On("POST", "$batch")) { CrashAfter = true }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => stopping.GetRequiredService<ReportAggregator>().ProcessAsync(secondMessage, default));
        }

        // The queue delivers it again, to this instance: a duplicate, and the copy is written from the total as stored.
        Assert.Equal(AggregationOutcome.Duplicate, await Aggregator.ProcessAsync(secondMessage, default));

        await AssertListedAsync(planKey, [first, second]);
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
    }

    [Fact]
    public async Task A_lost_copy_is_listed_from_the_total_row_and_a_delivery_of_only_duplicates_writes_it_again()
    {
        var insurer = SampleReports.UniqueInsurer("Lost copy");
        var planKey = PlanKeys.Unverified(insurer, null);
        var reports = Enumerable.Range(0, 3).Select(i => Envelopes.Report(insurer, month: "2025-0" + (i + 1))).ToList();
        var messages = reports.Select(r => Envelopes.Message(r)).ToList();
        foreach (var message in messages)
        {
            Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(message, default));
        }

        await Plans.UpdateEntityAsync(new TableEntity("plans", planKey), Azure.ETag.All, TableUpdateMode.Replace);
        await AssertListedAsync(planKey, reports);

        Assert.Equal(AggregationOutcome.Duplicate, await Aggregator.ProcessAsync(messages[0], default));

        var (copy, _) = await Store.ReadCopyAsync(planKey, default);
        Assert.Equal(ReportCounters.ListForm(ReportCounters.Sum(reports)), copy!.Counts);
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
    }

    [Fact]
    public async Task A_copy_that_cannot_be_written_leaves_the_reports_counted_and_listed_and_reconcile_writes_it()
    {
        // Every replace of a row of the plan list fails while the faults are on; listing a plan (an insert) works.
        var faults = new TableFaults(request => request.Method == RequestMethod.Put && request.Uri.Path.Contains("/plans(", StringComparison.Ordinal));
        await using var faulty = TableFaults.Services(fixture.ConnectionString, faults);
        var aggregator = faulty.GetRequiredService<ReportAggregator>();
        var insurer = SampleReports.UniqueInsurer("Copy outage");
        var planKey = PlanKeys.Unverified(insurer, null);
        var reports = Enumerable.Range(0, 3).Select(i => Envelopes.Report(insurer, outcome: i == 0 ? "denied" : "covered-in-full")).ToList();

        faults.Failing = true;
        foreach (var report in reports)
        {
            Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(Envelopes.Message(report), default));
        }

        Assert.Null((await Store.ReadCopyAsync(planKey, default)).Copy);
        await AssertListedAsync(planKey, reports);
        var found = Assert.Single((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
        Assert.Contains(new CounterDrift("copy", ReportCounters.Reports, 0, 3), found.Differences);

        faults.Failing = false;
        await Auditor.ReconcileAsync(planKey, repair: true, default);

        Assert.Equal(ReportCounters.ListForm(ReportCounters.Sum(reports)), (await Store.ReadCopyAsync(planKey, default)).Copy!.Counts);
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
        await AssertListedAsync(planKey, reports);
    }

    [Fact]
    public async Task A_plan_whose_only_report_is_withdrawn_leaves_the_list_and_its_next_report_shows_again()
    {
        var insurer = SampleReports.UniqueInsurer("Emptied");
        var planKey = PlanKeys.Unverified(insurer, null);
        var code = WithdrawalCode.Create(Envelopes.Key);
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer), withdrawalHash: code.Hash), default));
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(code.Hash), default));

        Assert.DoesNotContain((await Stats.ListAsync(default)).Plans, p => p.PlanKey == planKey);
        Assert.Null(await Store.ReadTotalAsync(planKey, default));

        var next = Envelopes.Report(insurer, outcome: "denied");
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(next), default));
        await AssertListedAsync(planKey, [next]);
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
    }

    [Fact]
    public async Task A_plans_row_on_the_list_keeps_one_shape_however_many_reports_and_amounts_it_counts()
    {
        var (few, _) = await CountedPlanAsync("List row few", 1);
        var insurer = SampleReports.UniqueInsurer("List row many");
        var planKey = PlanKeys.Unverified(insurer, null);
        var reports = Enumerable.Range(0, 60)
            .Select(i => Envelopes.Report(insurer, setting: ReportSchema.Settings[i % 5], outcome: i % 3 == 0 ? "denied" : "covered-with-cost-share", role: ReportSchema.ReporterRoles[i % 3])
                with { OutOfPocketUsd = 20m + (i * 3.17m) })
            .ToList();
        foreach (var report in reports)
        {
            Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(report), default));
        }

        // The total keeps a counter per histogram bin the amounts fall in; the list's row folds them, and has the keys a one-report plan has.
        Assert.Equal(
            reports.Select(r => ReportCounters.BinOf(r.OutOfPocketUsd!.Value).From).Distinct().Count(),
            (await Store.ReadTotalAsync(planKey, default))!.Counts.Keys.Count(k => k.StartsWith(ReportCounters.OutOfPocketPrefix, StringComparison.Ordinal)));
        var fewKeys = (await Store.ReadCopyAsync(few, default)).Copy!.Counts.Keys.Order(StringComparer.Ordinal);
        var manyCopy = (await Store.ReadCopyAsync(planKey, default)).Copy!.Counts;
        Assert.Equal(fewKeys, manyCopy.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(manyCopy.Keys, k => k.StartsWith(ReportCounters.OutOfPocketPrefix, StringComparison.Ordinal));

        // Listed from that row, the plan shows what its reports recounted show: the exact mean, and the median of the
        // amounts rounded down to their bins (its stated precision).
        await AssertListedAsync(planKey, reports);
        var amounts = reports.Select(r => r.OutOfPocketUsd!.Value).Order().ToList();
        var binned = amounts.Select(a => (decimal)ReportCounters.BinOf(a).From).ToList();
        var listed = Listed(await Stats.ListAsync(default), planKey).OutOfPocket;
        Assert.Equal(new OutOfPocket(60, decimal.Round((binned[29] + binned[30]) / 2, 2, MidpointRounding.AwayFromZero), decimal.Round(amounts.Average(), 2, MidpointRounding.AwayFromZero)), listed);
        Assert.Equal((await Stats.GetAsync(planKey, default))!.OutOfPocket, listed);
    }

    private async Task<(string PlanKey, List<Report> Reports)> CountedPlanAsync(string prefix, int count)
    {
        var insurer = SampleReports.UniqueInsurer(prefix);
        var reports = Enumerable.Range(0, count).Select(i => Envelopes.Report(insurer, outcome: i % 2 == 0 ? "denied" : "covered-in-full", month: "2025-0" + (i % 3 + 1))).ToList();
        foreach (var report in reports)
        {
            Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(report), default));
        }

        return (PlanKeys.Unverified(insurer, null), reports);
    }

    /// <summary>The plan's entry in the list has the measures of the reports recounted, and of its total row.</summary>
    private async Task AssertListedAsync(string planKey, IReadOnlyList<Report> reports)
    {
        var listed = Listed(await Stats.ListAsync(default), planKey);
        var recounted = ReportCounters.Sum(reports);
        Assert.Equal(JsonSerializer.Serialize(MeasuresCalculator.From(recounted)), JsonSerializer.Serialize<Measures>(listed));
        Assert.Equal(recounted, (await Store.ReadTotalAsync(planKey, default))!.Counts);
    }

    private static PlanStats Listed(PlanStatsList list, string planKey) => Assert.Single(list.Plans, p => p.PlanKey == planKey);
}
