using System.Xml.Linq;
using Survey.Shared.Html;
using Survey.Shared.Stats;
using Survey.Tests.Dashboards;

namespace Survey.Tests.Stats;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg) => XElement.Parse(svg.Replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", StringComparison.Ordinal));

    private static IReadOnlyList<TimelineMonth> Timeline(string? change = null)
        => Timelines.Of(PageData.Plan("acme", "Acme", null, false, PageData.Reversal()).Months, change);

    [Fact]
    public void The_timeline_has_every_month_from_the_first_to_the_last_including_months_without_reports()
    {
        var timeline = Timeline();

        Assert.Equal(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"], timeline.Select(m => m.Month));
        Assert.Equal([2L, 2, 0, 1, 2, 2, 1], timeline.Select(m => m.Reports));
        Assert.Null(timeline[2].Measures);
    }

    [Fact]
    public void A_change_in_the_month_after_the_last_report_extends_the_timeline_by_that_month()
        => Assert.Equal("2025-08", Timeline("2025-08")[^1].Month);

    [Fact]
    public void The_monthly_chart_has_a_bar_per_month_with_its_total_and_a_segment_per_outcome()
    {
        var chart = Parse(SvgCharts.MonthlyOutcomes("t", Timeline(), null, "Acme"));

        var months = chart.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "month").ToList();
        Assert.Equal(7, months.Count);
        var february = months.Single(g => (string?)g.Attribute("data-month") == "2025-02");
        Assert.Equal("2", (string?)february.Attribute("data-reports"));
        Assert.Equal("2", february.Elements(Svg + "text").Single().Value);
        var denied = february.Elements(Svg + "rect").Single(r => (string?)r.Attribute("data-outcome") == "denied");
        Assert.Equal("Feb 2025: Denied 2", denied.Element(Svg + "title")!.Value);
        Assert.Equal("url(#t-p-denied)", (string?)denied.Attribute("fill"));
        Assert.Contains(chart.Descendants(Svg + "pattern"), p => (string?)p.Attribute("id") == "t-p-denied");
        var june = months.Single(g => (string?)g.Attribute("data-month") == "2025-06");
        Assert.Equal(["covered-in-full", "pending"], june.Elements(Svg + "rect").Select(r => (string?)r.Attribute("data-outcome")));
        Assert.Empty(months.Single(g => (string?)g.Attribute("data-month") == "2025-03").Elements(Svg + "rect"));
    }

    [Fact]
    public void The_monthly_chart_labels_months_and_the_y_axis()
    {
        var chart = Parse(SvgCharts.MonthlyOutcomes("t", Timeline(), null, "Acme"));

        var xLabels = chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "x-axis").Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["Jan", "2025", "Feb", "Mar", "Apr", "May", "Jun", "Jul"], xLabels);
        var yLabels = chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "y-axis").Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["0", "1", "2"], yLabels);
        Assert.Equal("Acme", chart.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void The_policy_change_is_marked_with_a_line_and_words_at_its_month()
    {
        var chart = Parse(SvgCharts.MonthlyOutcomes("t", Timeline("2025-05"), "2025-05", "Acme"));

        var change = chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "change");
        Assert.Equal("2025-05", (string?)change.Attribute("data-month"));
        Assert.Equal("Policy change from May 2025", change.Element(Svg + "text")!.Value);
        Assert.Equal("4 3", (string?)change.Element(Svg + "line")!.Attribute("stroke-dasharray"));
    }

    [Fact]
    public void A_change_outside_the_timeline_is_not_marked()
        => Assert.DoesNotContain("class=\"change\"", SvgCharts.MonthlyOutcomes("t", Timeline("2023-01"), "2023-01", "Acme"), StringComparison.Ordinal);

    [Fact]
    public void The_rates_chart_has_a_point_per_month_with_decided_reports_and_a_legend_in_words()
    {
        var chart = Parse(SvgCharts.MonthlyRates("r", Timeline(), null, "Acme"));

        var covered = chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-series") == "covered-in-full");
        var points = covered.Elements(Svg + "circle").ToDictionary(c => (string)c.Attribute("data-month")!, c => (string)c.Attribute("data-rate")!);
        Assert.Equal(new Dictionary<string, string> { ["2025-01"] = "50%", ["2025-02"] = "0%", ["2025-04"] = "0%", ["2025-05"] = "100%", ["2025-06"] = "100%", ["2025-07"] = "0%" }, points);
        Assert.Equal("Jun 2025: covered in full 100% (1 of 1)", covered.Elements(Svg + "circle").Single(c => (string?)c.Attribute("data-month") == "2025-06").Element(Svg + "title")!.Value);
        var denied = chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-series") == "denied");
        Assert.Equal("100%", (string?)denied.Elements(Svg + "rect").Single(r => (string?)r.Attribute("data-month") == "2025-02").Attribute("data-rate"));
        Assert.Equal(["Covered in full", "Denied"], chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void The_outcome_bar_splits_its_width_by_outcome_and_names_each_count()
    {
        var bar = Parse(SvgCharts.OutcomeBar("b", new Dictionary<string, long> { ["covered-in-full"] = 3, ["denied"] = 1 }, "Acme: outcomes of 4 reports"));

        var segments = bar.Elements(Svg + "rect").Where(r => (string?)r.Attribute("class") == "seg").ToList();
        Assert.Equal(["300", "100"], segments.Select(s => (string?)s.Attribute("width")));
        Assert.Equal(["Covered in full: 3 of 4 (75%)", "Denied: 1 of 4 (25%)"], segments.Select(s => s.Element(Svg + "title")!.Value));
        Assert.Equal("Acme: outcomes of 4 reports", (string?)bar.Attribute("aria-label"));
    }

    [Fact]
    public void Names_in_chart_titles_are_escaped()
    {
        var svg = SvgCharts.MonthlyOutcomes("t", Timeline(), null, "<script>alert(1)</script>");

        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("<script>alert(1)</script>", Parse(svg).Element(Svg + "title")!.Value);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 1)]
    [InlineData(7, 8, 2)]
    [InlineData(23, 25, 5)]
    [InlineData(180, 200, 50)]
    public void The_y_axis_ends_at_a_round_number(long max, double expectedMax, double expectedTick)
        => Assert.Equal((expectedMax, expectedTick), SvgCharts.Scale(max));

    [Fact]
    public void A_rate_of_nothing_is_a_dash()
        => Assert.Equal("– (0 of 0)", StatsText.RateWithCounts(new Rate(0, 0)));
}
