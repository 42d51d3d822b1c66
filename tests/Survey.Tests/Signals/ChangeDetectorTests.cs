using System.Globalization;
using Survey.Shared.Signals;
using Xunit.Abstractions;

namespace Survey.Tests.Signals;

/// <summary>The detector on generated series (seeded, so every run sees the same numbers).</summary>
public sealed class ChangeDetectorTests(ITestOutputHelper output)
{
    /// <summary>The documented settings (docs/signals.md, <see cref="SignalOptions"/>'s defaults).</summary>
    private static readonly DetectorSettings Documented = new SignalOptions().Detector;

    [Theory]
    [InlineData(1, 12)]
    [InlineData(2, 7)]
    [InlineData(3, 30)]
    [InlineData(4, 18)]
    public void A_plan_whose_home_visit_denials_stop_in_a_month_is_flagged_at_that_month(int seed, int changeAt)
    {
        var random = new Random(seed);
        var months = Series(random, 36, m => m < changeAt ? 0.85 : 0.1, perMonth: 8);

        var detections = ChangeDetector.Detect([new SeriesTest("acme-ppo", "home", SignalSeries.Denied, months)], Documented);

        var detection = Assert.Single(detections);
        Assert.InRange(MonthIndex(detection.Month), changeAt - 1, changeAt + 1);
        Assert.True(detection.Before.Rate > 0.6 && detection.After.Rate < 0.3, $"before {detection.Before.Rate}, after {detection.After.Rate}");
        Assert.True(detection.Before.Low <= detection.Before.Rate && detection.Before.Rate <= detection.Before.High);
        Assert.True(detection.After.High < detection.Before.Low, "the intervals of a strong change do not overlap");
    }

    [Fact]
    public void A_change_is_not_flagged_until_each_side_has_the_minimum_count_and_then_is()
    {
        // Eight decided home visits a month; denials stop in month 12. After one month (8 reports) the new side is
        // under the minimum of 20; after three months (24) it is not.
        var random = new Random(7);
        var all = Series(random, 15, m => m < 12 ? 0.9 : 0.05, perMonth: 8);

        var early = ChangeDetector.Detect([new SeriesTest("acme-ppo", "home", SignalSeries.Denied, all.Take(13).ToList())], Documented);
        var later = ChangeDetector.Detect([new SeriesTest("acme-ppo", "home", SignalSeries.Denied, all)], Documented);

        Assert.Empty(early);
        Assert.InRange(MonthIndex(Assert.Single(later).Month), 11, 13);
    }

    [Fact]
    public void A_large_change_below_the_minimum_counts_is_not_flagged()
    {
        // Every claim denied, then every claim covered: as clear as a change gets, but 19 reports on one side.
        var months = new List<MonthCount>();
        for (var m = 0; m < 19; m++)
        {
            months.Add(new MonthCount(Month(m), m < 10 ? 1 : 0, 1));
        }

        Assert.Empty(ChangeDetector.Detect([new SeriesTest("acme-ppo", "home", SignalSeries.Denied, months)], Documented));
        Assert.Null(ChangeDetector.BestSplit(months, Documented.MinPerSide));
    }

    [Fact]
    public void Plans_with_a_constant_rate_give_no_signal_in_at_least_95_percent_of_200_seeds()
    {
        var (alarms, _) = FalseAlarms(Documented);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Documented settings: {alarms} of 200 constant plans flagged ({alarms / 2.0}%)."));
        Assert.True(alarms <= 10, $"{alarms} of 200 constant plans were flagged");
    }

    [Fact]
    public void The_test_alone_without_a_minimum_difference_keeps_its_false_alarm_rate_under_the_level()
    {
        var (alarms, tests) = FalseAlarms(Documented with { MinDifference = 0 });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"No minimum difference: {alarms} of 200 constant plans flagged ({alarms / 2.0}%), {tests} series tested."));
        Assert.True(alarms <= 10, $"{alarms} of 200 constant plans were flagged");
    }

    [Fact]
    public void The_false_discovery_rate_is_controlled_across_the_series_tested_together()
    {
        // 100 constant series and 5 with a change, tested together: the changes are found, the constants are not.
        var random = new Random(11);
        var tests = Enumerable.Range(0, 100).Select(i => new SeriesTest("plan-" + i, "office", SignalSeries.Denied, Series(random, 48, _ => 0.3, perMonth: 6)))
            .Concat(Enumerable.Range(0, 5).Select(i => new SeriesTest("changed-" + i, "home", SignalSeries.Denied, Series(random, 48, m => m < 24 ? 0.8 : 0.2, perMonth: 6))))
            .ToList();

        var detections = ChangeDetector.Detect(tests, Documented);

        Assert.Equal(5, detections.Count(d => d.Test.PlanKey.StartsWith("changed-", StringComparison.Ordinal)));
        Assert.True(detections.Count(d => d.Test.PlanKey.StartsWith("plan-", StringComparison.Ordinal)) <= 1);
    }

    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(64, 80, 0.6995, 0.8730)]
    public void Wilson_intervals_match_the_textbook_values(long count, long of, double low, double high)
    {
        var (l, h) = ChangeDetector.Wilson(count, of);
        Assert.Equal(low, l, 3);
        Assert.Equal(high, h, 3);
    }

    [Theory]
    [InlineData(3.841459, 0.05)]
    [InlineData(6.634897, 0.01)]
    [InlineData(10.827566, 0.001)]
    public void The_chi_square_tail_matches_the_table(double x, double p) => Assert.Equal(p, ChangeDetector.ChiSquare1Survival(x), 5);

    /// <summary>How many of 200 seeded plans, each with its seven series at constant rates, get any signal; and how many series were tested.</summary>
    private static (int Alarms, int Tests) FalseAlarms(DetectorSettings settings)
    {
        var (alarms, tests) = (0, 0);
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var series = new List<SeriesTest>();
            foreach (var (setting, measure) in Enumerable.Range(0, 5).Select(s => ("s" + s, SignalSeries.Denied)).Append(("all", SignalSeries.PriorAuthorization)).Append(("all", SignalSeries.ToldCoveredThenDenied)))
            {
                var rate = 0.05 + (random.NextDouble() * 0.9);
                series.Add(new SeriesTest("plan", setting, measure, Series(random, 60, _ => rate, perMonth: random.Next(2, 12))));
            }

            tests += series.Count;
            alarms += ChangeDetector.Detect(series, settings).Count > 0 ? 1 : 0;
        }

        return (alarms, tests);
    }

    /// <summary>A series of <paramref name="count"/> months from 2023-01; each month's count is drawn at its rate, out of 1 to 2×<paramref name="perMonth"/> reports.</summary>
    internal static List<MonthCount> Series(Random random, int count, Func<int, double> rate, int perMonth)
    {
        var months = new List<MonthCount>(count);
        for (var m = 0; m < count; m++)
        {
            var of = perMonth == 8 ? 8 : random.Next(1, (2 * perMonth) + 1);
            var k = 0;
            for (var i = 0; i < of; i++)
            {
                k += random.NextDouble() < rate(m) ? 1 : 0;
            }

            months.Add(new MonthCount(Month(m), k, of));
        }

        return months;
    }

    internal static string Month(int index) => new DateOnly(2023, 1, 1).AddMonths(index).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static int MonthIndex(string month)
    {
        var date = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return ((date.Year - 2023) * 12) + date.Month - 1;
    }
}
