using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Stats;

/// <summary>A seeded data set: every filter and combination equals the counts recomputed from the reports, independently.</summary>
[Collection(StorageGroup.Name)]
public sealed class FilteredStatsTests(StorageFixture fixture) : IAsyncLifetime
{
    private static readonly string[] Months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"];

    // Seeded once for all the cases of this class (xUnit makes an instance per case).
    private static readonly SemaphoreSlim SeedGate = new(1, 1);
    private static (List<Report> Reports, string[] Insurers)? _seed;

    private List<Report> _reports = [];
    private string[] _insurers = [];

    private PlanStatsReader Stats => fixture.Services.GetRequiredService<PlanStatsReader>();

    public async Task InitializeAsync()
    {
        await SeedGate.WaitAsync();
        try
        {
            _seed ??= await SeedAsync();
            (_reports, _insurers) = _seed.Value;
        }
        finally
        {
            SeedGate.Release();
        }
    }

    private async Task<(List<Report>, string[])> SeedAsync()
    {
        var random = new Random(4);
        var reports = new List<Report>();
        var insurers = Enumerable.Range(0, 4).Select(i => SampleReports.UniqueInsurer($"Filtered {i}")).ToArray();
        string? Maybe(IReadOnlyList<string> values) => random.Next(4) == 0 ? null : values[random.Next(values.Count)];
        for (var i = 0; i < 360; i++)
        {
            var outcome = ReportSchema.Outcomes[random.Next(ReportSchema.Outcomes.Length)];
            reports.Add(new Report
            {
                ReporterRole = ReportSchema.ReporterRoles[random.Next(3)],
                State = random.Next(5) == 0 ? "NH" : "MA",
                Insurer = insurers[random.Next(insurers.Length)],
                ServiceMonth = Months[random.Next(Months.Length)],
                Setting = ReportSchema.Settings[random.Next(ReportSchema.Settings.Length)],
                Outcome = outcome,
                PlanType = Maybe(["hmo", "ppo", "medicaid"]),
                Funding = Maybe(ReportSchema.Fundings),
                PriorAuthorizationRequired = Maybe(ReportSchema.YesNoUnknown),
                ToldCoveredBeforehand = Maybe(ReportSchema.YesNoUnknown),
                DenialReason = outcome is "denied" or "partially-covered" ? Maybe(ReportSchema.DenialReasons) : null,
                OutOfPocketUsd = random.Next(3) == 0 ? random.Next(0, 40) * 12.5m : null,
                AdvocacyActions = [.. ReportSchema.AdvocacyActions.Where(_ => random.Next(4) == 0)],
            });
        }

        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (report, token) =>
            Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(Envelopes.Message(report), token)));
        return (reports, insurers);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<StatsFilter> Filters() =>
    [
        StatsFilter.None,
        new(From: "2025-02"),
        new(To: "2025-03"),
        new(From: "2025-02", To: "2025-04"),
        new(State: "NH"),
        new(Role: "family"),
        new(Setting: "home"),
        new(PlanType: "hmo"),
        new(PlanType: "unknown"),
        new(Funding: "self-funded"),
        new(From: "2025-03", To: "2025-05", Setting: "home"),
        new(Role: "ibclc", Setting: "office", State: "MA"),
        new(From: "2025-01", To: "2025-06", Role: "family", PlanType: "medicaid", Funding: "fully-insured"),
        new(From: "2025-04", To: "2025-04", State: "MA", Role: "other-provider", Setting: "telehealth", PlanType: "ppo", Funding: "unknown"),
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Each_filter_and_combination_equals_the_counts_recomputed_from_the_reports(StatsFilter filter)
    {
        var listed = (await Stats.ListAsync(filter, default)).Plans;
        foreach (var insurer in _insurers)
        {
            var expected = _reports.Where(r => r.Insurer == insurer && Keep(r, filter)).ToList();
            var planKey = PlanKeys.Unverified(insurer, null);

            var inList = listed.SingleOrDefault(p => p.PlanKey == planKey);
            var detail = await Stats.GetAsync(planKey, filter, default);
            if (expected.Count == 0)
            {
                Assert.Null(inList);
                Assert.Equal(0, detail!.Reports);
                continue;
            }

            AssertMeasures(expected, inList!);
            AssertMeasures(expected, detail!);
            Assert.Equal(expected.Select(r => r.ServiceMonth).Distinct().Order(StringComparer.Ordinal), detail!.Months.Keys);
            foreach (var (month, measures) in detail.Months)
            {
                AssertMeasures(expected.Where(r => r.ServiceMonth == month).ToList(), measures);
            }
        }
    }

    [Theory]
    [InlineData("from", "2025-13")]
    [InlineData("to", "25-01")]
    [InlineData("state", "XX")]
    [InlineData("role", "nurse")]
    [InlineData("setting", "garage")]
    [InlineData("planType", "gold")]
    [InlineData("funding", "aso")]
    public void A_bad_filter_is_named(string name, string value)
    {
        var (filter, errors) = StatsFilter.Parse(n => n == name ? value : null);

        Assert.Null(filter);
        Assert.Equal([name], errors.Keys);
    }

    /// <summary>The filter, written out again independently of <see cref="StatsFilter.Matches"/>.</summary>
    private static bool Keep(Report r, StatsFilter f)
        => (f.From is null || string.CompareOrdinal(r.ServiceMonth, f.From) >= 0)
           && (f.To is null || string.CompareOrdinal(r.ServiceMonth, f.To) <= 0)
           && (f.State is null || r.State == f.State)
           && (f.Role is null || r.ReporterRole == f.Role)
           && (f.Setting is null || r.Setting == f.Setting)
           && (f.PlanType is null || (r.PlanType ?? "unknown") == f.PlanType)
           && (f.Funding is null || (r.Funding ?? "unknown") == f.Funding);

    private static void AssertMeasures(List<Report> reports, Measures actual)
    {
        long Count(Func<Report, bool> predicate) => reports.Count(predicate);

        Assert.Equal(reports.Count, actual.Reports);
        foreach (var setting in ReportSchema.Settings)
        {
            Assert.Equal(Count(r => r.Setting == setting), actual.BySetting[setting].Reports);
            foreach (var outcome in ReportSchema.Outcomes)
            {
                Assert.Equal(Count(r => r.Setting == setting && r.Outcome == outcome), actual.BySetting[setting].Outcomes[outcome]);
            }
        }

        foreach (var role in ReportSchema.ReporterRoles)
        {
            Assert.Equal(Count(r => r.ReporterRole == role), actual.ByRole[role]);
        }

        foreach (var answer in ReportSchema.YesNoUnknown)
        {
            Assert.Equal(Count(r => (r.PriorAuthorizationRequired ?? "unknown") == answer), actual.PriorAuthorizationRequired[answer]);
            Assert.Equal(Count(r => (r.ToldCoveredBeforehand ?? "unknown") == answer), actual.ToldCoveredBeforehand[answer]);
        }

        var decided = Count(r => r.Outcome is not ("pending" or "not-billed"));
        Assert.Equal(new Rate(Count(r => r.Outcome == "covered-in-full"), decided), actual.Rates.CoveredInFull);
        Assert.Equal(new Rate(Count(r => r.Outcome is "covered-in-full" or "covered-with-cost-share" or "partially-covered"), decided), actual.Rates.AnyCoverage);
        Assert.Equal(new Rate(Count(r => r.Outcome == "denied"), decided), actual.Rates.Denied);
        Assert.Equal(new Rate(Count(r => r.PriorAuthorizationRequired == "yes"), Count(r => r.PriorAuthorizationRequired is "yes" or "no")), actual.Rates.PriorAuthorizationRequired);
        Assert.Equal(new Rate(Count(r => r.ToldCoveredBeforehand == "yes" && r.Outcome == "denied"), Count(r => r.ToldCoveredBeforehand == "yes")), actual.Rates.ToldCoveredButDenied);

        foreach (var reason in ReportSchema.DenialReasons)
        {
            Assert.Equal(Count(r => r.DenialReason == reason), actual.DenialReasons[reason]);
        }

        foreach (var action in ReportSchema.AdvocacyActions)
        {
            Assert.Equal(Count(r => r.AdvocacyActions.Contains(action)), actual.AdvocacyActions[action]);
        }

        var paid = reports.Where(r => r.OutOfPocketUsd is not null).Select(r => r.OutOfPocketUsd!.Value).Order().ToList();
        Assert.Equal(paid.Count, actual.OutOfPocket.Reports);
        if (paid.Count > 0)
        {
            // The median is that of the amounts rounded down to their histogram bins (docs/api.md: its stated precision).
            var binned = paid.Select(a => (decimal)ReportCounters.BinOf(a).From).ToList();
            var median = binned.Count % 2 == 1 ? binned[binned.Count / 2] : (binned[(binned.Count / 2) - 1] + binned[binned.Count / 2]) / 2;
            Assert.Equal(decimal.Round(median, 2, MidpointRounding.AwayFromZero), actual.OutOfPocket.MedianUsd);
            Assert.Equal(decimal.Round(paid.Average(), 2, MidpointRounding.AwayFromZero), actual.OutOfPocket.MeanUsd);
        }
        else
        {
            Assert.Null(actual.OutOfPocket.MedianUsd);
        }
    }
}
