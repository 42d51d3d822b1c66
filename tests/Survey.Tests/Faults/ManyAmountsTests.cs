using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Stats;
using Survey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Survey.Tests.Faults;

/// <summary>One anonymous sender with many distinct out-of-pocket amounts cannot stop a plan: its rows stay bounded.</summary>
[Trait("Category", "Load")]   // 5,040 reports through the aggregator: a scale test, out of the fast subset
[Collection(FaultsGroup.Name)]
public sealed class ManyAmountsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DistinctAmounts = 5000;
    private const int Ordinary = 40;

    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Five_thousand_reports_with_distinct_amounts_to_one_plan_then_ordinary_reports_are_all_counted_with_the_right_median_and_mean()
    {
        await using var services = StorageFixture.Build(_storage.ConnectionString);
        var aggregator = services.GetRequiredService<ReportAggregator>();
        var insurer = SampleReports.UniqueInsurer("Many amounts");
        var planKey = PlanKeys.Unverified(insurer, null);

        // $0.01, $0.02, … $50.00: every amount distinct (the old design kept one counter per amount and broke at ~1,650).
        var flood = Enumerable.Range(1, DistinctAmounts).Select(i => Envelopes.Report(insurer, month: "2025-0" + ((i % 6) + 1)) with { OutOfPocketUsd = i / 100m }).ToList();
        var ordinary = Enumerable.Range(0, Ordinary).Select(i => Envelopes.Report(insurer, setting: "office", outcome: "denied") with { OutOfPocketUsd = i % 2 == 0 ? 150m : null }).ToList();
        var clock = Stopwatch.StartNew();
        await CountAllAsync(aggregator, flood);
        await CountAllAsync(aggregator, ordinary);
        output.WriteLine($"{flood.Count + ordinary.Count} reports counted in {clock.Elapsed.TotalSeconds:F1} s");

        List<Shared.Reports.Report> all = [.. flood, .. ordinary];
        await PlanAssertions.HoldsExactlyAsync(services, planKey, all);
        var paid = all.Where(r => r.OutOfPocketUsd is not null).Select(r => r.OutOfPocketUsd!.Value).Order().ToList();
        var exactMedian = Usd((paid[(paid.Count - 1) / 2] + paid[paid.Count / 2]) / 2);
        var shown = (await services.GetRequiredService<PlanStatsReader>().GetAsync(planKey, default))!.OutOfPocket;
        Assert.Equal(paid.Count, shown.Reports);
        Assert.Equal(Usd(paid.Average()), shown.MeanUsd);

        // The median is stated to be at most one bin ($1 under $250) below the exact median, never above it.
        Assert.InRange(shown.MedianUsd!.Value, exactMedian - 0.99m, exactMedian);
        var listed = Assert.Single((await services.GetRequiredService<PlanStatsReader>().ListAsync(default)).Plans, p => p.PlanKey == planKey);
        Assert.Equal(shown, listed.OutOfPocket);
    }

    private static async Task CountAllAsync(ReportAggregator aggregator, IEnumerable<Shared.Reports.Report> reports)
        => await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (report, token) =>
            Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(Envelopes.Message(report), token)));

    private static decimal Usd(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
