using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Aggregation;

[Collection(StorageGroup.Name)]
public sealed class PlanMergerTests(StorageFixture fixture)
{
    private static readonly string[] Months = ["2025-01", "2025-02", "2025-03"];

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    private PlanMerger Merger => fixture.Services.GetRequiredService<PlanMerger>();

    [Fact]
    public async Task Merging_an_unverified_plan_moves_every_report_with_totals_and_months_and_re_running_changes_nothing()
    {
        var (target, source, sourceName) = await ArrangeAsync(targetReports: 3, sourceReports: 7);
        var expected = await SumOfAsync(target, source);

        var result = await Merger.MergeAsync(source, target, default);

        Assert.Equal(new MergeResult.Merged(source, target, Moved: 7, AlreadyMoved: 0), result);
        await AssertMergedAsync(target, source, expected);

        // Again: nothing more moves and nothing changes.
        Assert.Equal(new MergeResult.Merged(source, target, 0, 0), await Merger.MergeAsync(source, target, default));
        await AssertMergedAsync(target, source, expected);

        // The source's name is now an alias of the target: new reports with it count there.
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(sourceName.ToUpperInvariant() + "!", month: "2025-01")), default);
        Assert.Equal(expected.Total["reports"] + 1, (await Store.ReadTotalAsync(target, default))!.Counts["reports"]);
        Assert.Null(await Store.ReadTotalAsync(source, default));
    }

    [Fact]
    public async Task A_merge_that_stopped_half_way_finishes_when_run_again_without_counting_anything_twice()
    {
        var (target, source, sourceName) = await ArrangeAsync(targetReports: 2, sourceReports: 7);
        var expected = await SumOfAsync(target, source);

        // The state a process killed in the middle leaves behind: the alias added, three reports
        // counted in the target but still in the source, one moved completely.
        await fixture.Services.GetRequiredService<PlanCatalogue>().AddAliasUncheckedAsync(target, sourceName, default);
        var reports = await Store.ReadReportsAsync(source, default).ToListAsync();
        foreach (var report in reports.Take(4))
        {
            Assert.True(await Store.CountReportAsync(target, report, null, null, default));
        }

        await fixture.Services.GetRequiredService<ReportIndex>().MoveClaimAsync(reports[3].ReportId, target, default);
        Assert.True(await Store.UncountReportAsync(source, reports[3], default));

        var result = await Merger.MergeAsync(source, target, default);

        Assert.Equal(new MergeResult.Merged(source, target, Moved: 3, AlreadyMoved: 3), result);
        await AssertMergedAsync(target, source, expected);
    }

    [Fact]
    public async Task A_merge_cancelled_at_an_arbitrary_point_and_run_again_ends_exactly_merged()
    {
        var (target, source, _) = await ArrangeAsync(targetReports: 5, sourceReports: 60);
        var expected = await SumOfAsync(target, source);

        using (var kill = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            try
            {
                await Merger.MergeAsync(source, target, kill.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped somewhere between two storage calls, like a killed process.
            }
        }

        await Merger.MergeAsync(source, target, default);

        await AssertMergedAsync(target, source, expected);
        Assert.Empty((await fixture.Services.GetRequiredService<PlanAuditor>().ReconcileAsync(target, repair: false, default)).Drift);
    }

    [Fact]
    public async Task Merging_a_catalogue_plan_redirects_its_names_and_moves_its_reports()
    {
        var (target, _, _) = await ArrangeAsync(targetReports: 1, sourceReports: 0);
        var (source, _, _) = await ArrangeAsync(targetReports: 4, sourceReports: 0);
        var expected = await SumOfAsync(target, source);
        var sourceInsurer = (await fixture.Services.GetRequiredService<PlanCatalogue>().GetAsync(default)).Insurers[source].Name;

        Assert.Equal(new MergeResult.Merged(source, target, 4, 0), await Merger.MergeAsync(source, target, default));

        await AssertMergedAsync(target, source, expected);
        var catalogue = await fixture.Services.GetRequiredService<PlanCatalogue>().GetAsync(default);
        Assert.Equal(target, catalogue.Plans[source].MergedInto);
        Assert.Equal(target, catalogue.Resolve(sourceInsurer, null).PlanKey);
        Assert.DoesNotContain(await fixture.Services.GetRequiredService<PlanCatalogue>().ListPublicAsync(default), p => p.PlanKey == source);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_report_whose_count_failed_into_poison_counts_in_the_plan_its_name_resolves_to_after_an_alias_or_merge_when_replayed(bool merge)
    {
        var (target, source, sourceName) = await ArrangeAsync(targetReports: 2, sourceReports: merge ? 3 : 0);
        var expected = await SumOfAsync(target, source);

        // Claimed for the unverified plan, then every count fails (storage refuses the transaction): the queue
        // moves the message to poison after its last try.
        var poisoned = Envelopes.Report(sourceName, month: "2025-02", outcome: "denied");
        var message = Envelopes.Message(poisoned);
        var faults = new TableFaults(request => request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal)) { Failing = true };
        await using (var failing = TableFaults.Services(fixture.ConnectionString, faults))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => failing.GetRequiredService<ReportAggregator>().ProcessAsync(message, default));
        }

        // The committee names the plan: the unverified name becomes an alias of the target (or is merged into it).
        if (merge)
        {
            Assert.IsType<MergeResult.Merged>(await Merger.MergeAsync(source, target, default));
        }
        else
        {
            Assert.IsType<CatalogueChange.Done>(await fixture.Services.GetRequiredService<PlanCatalogue>().AddAliasAsync(target, sourceName, default));
        }

        // The poison list is replayed (twice: a replay is safe to repeat).
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(message, default));
        Assert.Equal(AggregationOutcome.Duplicate, await aggregator.ProcessAsync(message, default));

        await AssertOnlyTheTargetCountsAsync(target, source, expected.Total, poisoned);
    }

    [Fact]
    public async Task A_report_counted_into_the_source_by_an_instance_with_an_old_catalogue_while_the_merge_empties_it_ends_in_the_target()
    {
        var (target, source, sourceName) = await ArrangeAsync(targetReports: 2, sourceReports: 3);
        await using var stale = await StaleInstanceAsync(sourceName);
        var staleAggregator = stale.GetRequiredService<ReportAggregator>();
        var expected = await SumOfAsync(target, source);

        // Right after the merge found no report left in the source (and before it removes the source's rows and
        // listing), that instance counts one more report into the source.
        var late = Envelopes.Report(sourceName, month: "2025-03", setting: "telehealth", outcome: "denied");
        var emptinessCheck = new TableHook(request => request.Method.Method == "GET"
                                                      && request.Uri.Path.Contains(StorageNames.PlanStatsTable, StringComparison.Ordinal)
                                                      && Uri.UnescapeDataString(request.Uri.ToString()) is var uri
                                                      && uri.Contains("$select=RowKey", StringComparison.Ordinal) && !uri.Contains("ReceivedAt", StringComparison.Ordinal))
        {
            After = async () => Assert.Equal(AggregationOutcome.Counted, await staleAggregator.ProcessAsync(Envelopes.Message(late), default)),
        };
        await using (var merging = TableFaults.Services(fixture.ConnectionString, emptinessCheck))
        {
            Assert.IsType<MergeResult.Merged>(await merging.GetRequiredService<PlanMerger>().MergeAsync(source, target, default));
        }

        Assert.True(emptinessCheck.Fired);
        await AssertOnlyTheTargetCountsAsync(target, source, expected.Total, late);
        Assert.DoesNotContain(source, await Store.ListPlanKeysAsync(default));
    }

    [Fact]
    public async Task A_report_counted_into_a_merged_plan_by_an_instance_with_an_old_catalogue_after_the_merge_counts_in_the_target()
    {
        var (target, source, sourceName) = await ArrangeAsync(targetReports: 1, sourceReports: 2);
        await using var stale = await StaleInstanceAsync(sourceName);
        var staleAggregator = stale.GetRequiredService<ReportAggregator>();
        var expected = await SumOfAsync(target, source);
        Assert.IsType<MergeResult.Merged>(await Merger.MergeAsync(source, target, default));

        // That instance still resolves the name to the merged plan (its catalogue is up to 30 s old).
        var late = Envelopes.Report(sourceName, month: "2025-02", outcome: "denied");
        Assert.Equal(AggregationOutcome.Counted, await staleAggregator.ProcessAsync(Envelopes.Message(late), default));

        await AssertOnlyTheTargetCountsAsync(target, source, expected.Total, late);
        Assert.DoesNotContain(source, await Store.ListPlanKeysAsync(default));
    }

    [Fact]
    public async Task A_poisoned_report_of_a_plan_merged_before_it_ever_counted_is_counted_once_in_the_target_when_replayed_by_an_instance_with_an_old_catalogue()
    {
        // The unverified plan never counted a report, so the merge retires it without an alias: its name still resolves to it.
        var (target, source, sourceName) = await ArrangeAsync(targetReports: 1, sourceReports: 0);
        var before = (await Store.ReadTotalAsync(target, default))!.Counts;
        Assert.IsType<MergeResult.Merged>(await Merger.MergeAsync(source, target, default));

        // Counted into the retired plan, sent on to the target, where the transaction fails: poison, its claim on the target.
        var poisoned = Envelopes.Report(sourceName, month: "2025-02");
        var message = Envelopes.Message(poisoned);
        var faults = new TableFaults(request => request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal)) { Failing = true };
        await using (var failing = TableFaults.Services(fixture.ConnectionString, faults))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => failing.GetRequiredService<ReportAggregator>().ProcessAsync(message, default));
        }

        // Replayed by an instance that resolves the name to the retired plan again: it re-claims, and is sent on.
        await using (var other = StorageFixture.Build(fixture.ConnectionString))
        {
            Assert.Equal(AggregationOutcome.Counted, await other.GetRequiredService<ReportAggregator>().ProcessAsync(message, default));
        }

        await AssertOnlyTheTargetCountsAsync(target, source, new Dictionary<string, long>(before, StringComparer.Ordinal), poisoned);
    }

    [Theory]
    [InlineData("no-such-plan", true)]
    [InlineData("unverified-never-seen-0000000000", false)]
    public async Task Merging_into_or_from_an_unknown_plan_is_refused(string unknown, bool asTarget)
    {
        var (plan, _, _) = await ArrangeAsync(targetReports: 0, sourceReports: 0);

        var result = asTarget ? await Merger.MergeAsync(plan, unknown, default) : await Merger.MergeAsync("bogus-not-a-plan", plan, default);

        Assert.IsType<MergeResult.NotFound>(result);
    }

    /// <summary>A catalogue plan of its own with reports, and an unverified plan with reports over three months.</summary>
    private async Task<(string Target, string Source, string SourceName)> ArrangeAsync(int targetReports, int sourceReports)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var target = $"test-{id}";
        var targetName = $"Merge Target {id}";
        var change = await fixture.Services.GetRequiredService<PlanCatalogue>().AddPlanAsync(
            new NewPlan(target, target, targetName, null, "hmo", "MA", null, null), default);
        Assert.IsType<CatalogueChange.Done>(change);

        var sourceName = $"Acme Mutual {id}";
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        for (var i = 0; i < targetReports; i++)
        {
            await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(targetName, month: Months[i % 2], setting: "office")), default);
        }

        for (var i = 0; i < sourceReports; i++)
        {
            var outcome = i % 3 == 0 ? "denied" : "covered-in-full";
            await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(sourceName, month: Months[i % 3], outcome: outcome, priorAuth: "yes")), default);
        }

        return (target, PlanKeys.Unverified(sourceName, null), sourceName);
    }

    private async Task<(Dictionary<string, long> Total, Dictionary<string, Dictionary<string, long>> Months)> SumOfAsync(string a, string b)
    {
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        var months = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var plan in new[] { a, b })
        {
            Add(total, (await Store.ReadTotalAsync(plan, default))?.Counts);
            foreach (var (month, row) in await Store.ReadMonthsAsync(plan, default))
            {
                Add(months.TryGetValue(month, out var m) ? m : months[month] = new(StringComparer.Ordinal), row.Counts);
            }
        }

        return (total, months);

        static void Add(Dictionary<string, long> sum, IReadOnlyDictionary<string, long>? counts)
        {
            foreach (var (counter, n) in counts ?? new Dictionary<string, long>())
            {
                sum[counter] = sum.GetValueOrDefault(counter) + n;
            }
        }
    }

    /// <summary>
    /// Another instance, whose catalogue (up to 30 s old) still resolves the unverified name to its own plan: it
    /// counted one report there, so it has read the catalogue and knows the plan as listed.
    /// </summary>
    private async Task<ServiceProvider> StaleInstanceAsync(string sourceName)
    {
        var stale = StorageFixture.Build(fixture.ConnectionString);
        Assert.Equal(AggregationOutcome.Counted, await stale.GetRequiredService<ReportAggregator>().ProcessAsync(Envelopes.Message(Envelopes.Report(sourceName, month: "2025-01")), default));
        return stale;
    }

    /// <summary>The target holds what both plans held plus <paramref name="late"/>, its rows match, and the source holds nothing and is off the list.</summary>
    private async Task AssertOnlyTheTargetCountsAsync(string target, string source, Dictionary<string, long> before, Shared.Reports.Report late)
    {
        var expected = new Dictionary<string, long>(before, StringComparer.Ordinal);
        foreach (var (counter, n) in ReportCounters.Sum([late]))
        {
            expected[counter] = expected.GetValueOrDefault(counter) + n;
        }

        Assert.Equal(expected, (await Store.ReadTotalAsync(target, default))!.Counts);
        Assert.Equal(expected["reports"], (await Store.ReadReportsAsync(target, default).ToListAsync()).Count);
        Assert.Empty(await Store.ReadReportsAsync(source, default).ToListAsync());
        Assert.Null(await Store.ReadTotalAsync(source, default));
        Assert.Empty((await fixture.Services.GetRequiredService<PlanAuditor>().ReconcileAsync(target, repair: false, default)).Drift);
    }

    private async Task AssertMergedAsync(string target, string source, (Dictionary<string, long> Total, Dictionary<string, Dictionary<string, long>> Months) expected)
    {
        Assert.Equal(expected.Total, (await Store.ReadTotalAsync(target, default))!.Counts);
        var months = await Store.ReadMonthsAsync(target, default);
        Assert.Equal(expected.Months.Keys.Order(), months.Keys.Order());
        foreach (var (month, counts) in expected.Months)
        {
            Assert.Equal(counts, months[month].Counts);
        }

        Assert.Null(await Store.ReadTotalAsync(source, default));
        Assert.Empty(await Store.ReadMonthsAsync(source, default));
        Assert.Empty(await Store.ReadReportsAsync(source, default).ToListAsync());
        Assert.DoesNotContain(source, await Store.ListPlanKeysAsync(default));
        Assert.Equal(expected.Total["reports"], (await Store.ReadReportsAsync(target, default).ToListAsync()).Count);
    }
}
