using System.Text;
using Survey.Shared.Html;
using Survey.Shared.Reports;

namespace Survey.Shared.Stats;

/// <summary>
/// Inline SVG charts that scale with their <c>viewBox</c>. Colour is never the only cue: every outcome has
/// its own pattern as well as its colour, every legend entry has text, every mark has a <c>&lt;title&gt;</c>
/// with its numbers, and the pages print the numbers beside the charts. Pattern ids are prefixed with the
/// chart's id, so several charts can share a page.
/// </summary>
internal static class SvgCharts
{
    private const double TimelineWidth = 400;
    private const double TimelineHeight = 220;
    private const double RatesHeight = 190;
    private const double Left = 40;
    private const double Right = 12;
    private const double Top = 30;
    private const double Bottom = 38;

    /// <summary>Outcomes from the bottom of a stacked bar (or the left of a horizontal one) to the top.</summary>
    public static IReadOnlyList<string> Outcomes => ReportSchema.Outcomes;

    /// <summary>A horizontal bar of a set of reports split by outcome (for a plan in the dashboard's list).</summary>
    public static string OutcomeBar(string id, IReadOnlyDictionary<string, long> outcomes, string label)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        const double width = 400;
        const double height = 16;
        var total = Outcomes.Sum(o => outcomes.GetValueOrDefault(o));
        var svg = new StringBuilder();
        svg.Append("<svg class=\"bar\" viewBox=\"0 0 ").Append(Html.Html.Svg(width)).Append(' ').Append(Html.Html.Svg(height))
            .Append("\" role=\"img\" aria-label=\"").Append(Html.Html.Encode(label)).Append("\">");
        svg.Append("<title>").Append(Html.Html.Encode(label)).Append("</title>");
        OutcomePatterns.Append(svg, id, Outcomes.Where(o => outcomes.GetValueOrDefault(o) > 0));
        svg.Append("<rect x=\"0\" y=\"0\" width=\"").Append(Html.Html.Svg(width)).Append("\" height=\"").Append(Html.Html.Svg(height)).Append("\" fill=\"#ffffff\" stroke=\"#8c959f\" stroke-width=\"1\"/>");
        double x = 0;
        foreach (var outcome in Outcomes)
        {
            var count = outcomes.GetValueOrDefault(outcome);
            if (count <= 0 || total <= 0)
            {
                continue;
            }

            var w = width * count / total;
            svg.Append("<rect class=\"seg\" data-outcome=\"").Append(outcome).Append("\" x=\"").Append(Html.Html.Svg(x)).Append("\" y=\"0\" width=\"").Append(Html.Html.Svg(w))
                .Append("\" height=\"").Append(Html.Html.Svg(height)).Append("\" fill=\"url(#").Append(OutcomePatterns.Id(id, outcome)).Append(")\" stroke=\"#24292f\" stroke-width=\"0.5\">")
                .Append("<title>").Append(Html.Html.Encode(Labels.Outcome(outcome) + ": " + Html.Html.Number(count) + " of " + Html.Html.Number(total) + " (" + Html.Html.Percent((double)count / total) + ")"))
                .Append("</title></rect>");
            x += w;
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Reports per month of service, stacked by outcome, with the policy change marked.</summary>
    public static string MonthlyOutcomes(string id, IReadOnlyList<TimelineMonth> timeline, string? changeMonth, string title)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var n = Math.Max(timeline.Count, 1);
        var max = timeline.Count == 0 ? 0 : timeline.Max(m => m.Reports);
        var (yMax, tick) = Scale(max);
        var plotWidth = TimelineWidth - Left - Right;
        var plotHeight = TimelineHeight - Top - Bottom;
        var step = plotWidth / n;
        var barWidth = Math.Min(step * 0.72, 44);
        double Y(double value) => Top + plotHeight - (plotHeight * value / yMax);

        var svg = Open(id, "timeline", TimelineWidth, TimelineHeight, title,
            "Reports per month of service, stacked by outcome" + (timeline.Count == 0 ? "." : ", " + Html.Html.Month(timeline[0].Month) + " to " + Html.Html.Month(timeline[^1].Month) + "."));
        OutcomePatterns.Append(svg, id, Outcomes);
        AppendYAxis(svg, yMax, tick, Y, v => Html.Html.Number((long)v));

        for (var i = 0; i < timeline.Count; i++)
        {
            var month = timeline[i];
            var x = Left + (i * step) + ((step - barWidth) / 2);
            double stacked = 0;
            svg.Append("<g class=\"month\" data-month=\"").Append(month.Month).Append("\" data-reports=\"").Append(month.Reports).Append("\">");
            svg.Append("<title>").Append(Html.Html.Encode(Html.Html.Month(month.Month) + ": " + Html.Html.Number(month.Reports) + (month.Reports == 1 ? " report" : " reports")
                + string.Concat(Outcomes.Where(o => month.Outcome(o) > 0).Select(o => ", " + Labels.Outcome(o) + " " + Html.Html.Number(month.Outcome(o)))))).Append("</title>");
            foreach (var outcome in Outcomes)
            {
                var count = month.Outcome(outcome);
                if (count <= 0)
                {
                    continue;
                }

                var top = Y(stacked + count);
                svg.Append("<rect data-outcome=\"").Append(outcome).Append("\" x=\"").Append(Html.Html.Svg(x)).Append("\" y=\"").Append(Html.Html.Svg(top))
                    .Append("\" width=\"").Append(Html.Html.Svg(barWidth)).Append("\" height=\"").Append(Html.Html.Svg(Y(stacked) - top))
                    .Append("\" fill=\"url(#").Append(OutcomePatterns.Id(id, outcome)).Append(")\" stroke=\"#24292f\" stroke-width=\"0.5\">")
                    .Append("<title>").Append(Html.Html.Encode(Html.Html.Month(month.Month) + ": " + Labels.Outcome(outcome) + " " + Html.Html.Number(count))).Append("</title></rect>");
                stacked += count;
            }

            if (month.Reports > 0 && timeline.Count <= 24)
            {
                svg.Append("<text class=\"total\" x=\"").Append(Html.Html.Svg(x + (barWidth / 2))).Append("\" y=\"").Append(Html.Html.Svg(Y(month.Reports) - 3))
                    .Append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1f2328\">").Append(Html.Html.Number(month.Reports)).Append("</text>");
            }

            svg.Append("</g>");
        }

        AppendXAxis(svg, timeline, step, TimelineHeight);
        AppendChange(svg, timeline, changeMonth, step, TimelineHeight, Top - 16);
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The covered-in-full and denied rates per month (of the reports with a decided outcome).</summary>
    public static string MonthlyRates(string id, IReadOnlyList<TimelineMonth> timeline, string? changeMonth, string title)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var n = Math.Max(timeline.Count, 1);
        var plotWidth = TimelineWidth - Left - Right;
        var plotHeight = RatesHeight - Top - Bottom;
        var step = plotWidth / n;
        double Y(double value) => Top + plotHeight - (plotHeight * value);

        var svg = Open(id, "rates", TimelineWidth, RatesHeight, title, "Covered-in-full and denied rates per month of service, out of the reports with a decided outcome.");
        AppendYAxis(svg, 1, 0.25, Y, v => Html.Html.Percent(v));

        // Legend: a line sample with its marker, and words.
        svg.Append("<g class=\"legend\" font-size=\"10.5\" fill=\"#1f2328\">")
            .Append("<line x1=\"").Append(Html.Html.Svg(Left)).Append("\" y1=\"10\" x2=\"").Append(Html.Html.Svg(Left + 22)).Append("\" y2=\"10\" stroke=\"#1a7f37\" stroke-width=\"2\"/>")
            .Append("<circle cx=\"").Append(Html.Html.Svg(Left + 11)).Append("\" cy=\"10\" r=\"3.5\" fill=\"#1a7f37\"/>")
            .Append("<text x=\"").Append(Html.Html.Svg(Left + 27)).Append("\" y=\"14\">Covered in full</text>")
            .Append("<line x1=\"").Append(Html.Html.Svg(Left + 140)).Append("\" y1=\"10\" x2=\"").Append(Html.Html.Svg(Left + 162)).Append("\" y2=\"10\" stroke=\"#b31d28\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>")
            .Append("<rect x=\"").Append(Html.Html.Svg(Left + 147.5)).Append("\" y=\"6.5\" width=\"7\" height=\"7\" fill=\"#b31d28\"/>")
            .Append("<text x=\"").Append(Html.Html.Svg(Left + 167)).Append("\" y=\"14\">Denied</text>")
            .Append("</g>");

        AppendSeries(svg, timeline, step, Y, "covered-in-full", m => m.Rates.CoveredInFull, "#1a7f37", dashed: false, "covered in full");
        AppendSeries(svg, timeline, step, Y, "denied", m => m.Rates.Denied, "#b31d28", dashed: true, "denied");
        AppendXAxis(svg, timeline, step, RatesHeight);
        AppendChange(svg, timeline, changeMonth, step, RatesHeight, Top - 4);
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string kind, double width, double height, string title, string description)
    {
        var svg = new StringBuilder(4096);
        svg.Append("<svg class=\"chart ").Append(kind).Append("\" id=\"").Append(Html.Html.Encode(id)).Append("\" viewBox=\"0 0 ").Append(Html.Html.Svg(width)).Append(' ').Append(Html.Html.Svg(height))
            .Append("\" role=\"img\" aria-labelledby=\"").Append(Html.Html.Encode(id)).Append("-title ").Append(Html.Html.Encode(id)).Append("-desc\" font-family=\"system-ui, sans-serif\">")
            .Append("<title id=\"").Append(Html.Html.Encode(id)).Append("-title\">").Append(Html.Html.Encode(title)).Append("</title>")
            .Append("<desc id=\"").Append(Html.Html.Encode(id)).Append("-desc\">").Append(Html.Html.Encode(description)).Append("</desc>");
        return svg;
    }

    /// <summary>A round maximum for the y axis and its tick step (at most about five ticks).</summary>
    internal static (double Max, double Tick) Scale(long max)
    {
        if (max <= 0)
        {
            return (1, 1);
        }

        var rough = max / 5.0;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var tick = new[] { 1.0, 2, 5, 10 }.Select(f => f * magnitude).First(t => t >= rough);
        tick = Math.Max(1, Math.Round(tick));
        return (Math.Ceiling(max / tick) * tick, tick);
    }

    private static void AppendYAxis(StringBuilder svg, double max, double tick, Func<double, double> y, Func<double, string> label)
    {
        svg.Append("<g class=\"y-axis\" font-size=\"10\" fill=\"#57606a\">");
        for (var value = 0.0; value <= max + (tick / 1000); value += tick)
        {
            var at = y(value);
            svg.Append("<line x1=\"").Append(Html.Html.Svg(Left)).Append("\" y1=\"").Append(Html.Html.Svg(at)).Append("\" x2=\"").Append(Html.Html.Svg(TimelineWidth - Right))
                .Append("\" y2=\"").Append(Html.Html.Svg(at)).Append("\" stroke=\"").Append(value == 0 ? "#57606a" : "#d0d7de").Append("\" stroke-width=\"1\"/>")
                .Append("<text x=\"").Append(Html.Html.Svg(Left - 4)).Append("\" y=\"").Append(Html.Html.Svg(at + 3.5)).Append("\" text-anchor=\"end\">").Append(Html.Html.Encode(label(value))).Append("</text>");
        }

        svg.Append("</g>");
    }

    private static void AppendXAxis(StringBuilder svg, IReadOnlyList<TimelineMonth> timeline, double step, double height)
    {
        var every = Math.Max(1, (int)Math.Ceiling(timeline.Count / 12.0));
        var baseline = height - Bottom;
        string? lastYear = null;
        svg.Append("<g class=\"x-axis\" font-size=\"10\" fill=\"#57606a\" text-anchor=\"middle\">");
        for (var i = 0; i < timeline.Count; i += every)
        {
            var month = timeline[i].Month;
            var x = Left + (i * step) + (step / 2);
            svg.Append("<text x=\"").Append(Html.Html.Svg(x)).Append("\" y=\"").Append(Html.Html.Svg(baseline + 13)).Append("\">").Append(Html.Html.MonthName(month)).Append("</text>");
            var year = Html.Html.Year(month);
            if (year != lastYear)
            {
                svg.Append("<text x=\"").Append(Html.Html.Svg(x)).Append("\" y=\"").Append(Html.Html.Svg(baseline + 25)).Append("\">").Append(year).Append("</text>");
                lastYear = year;
            }
        }

        svg.Append("</g>");
    }

    private static void AppendChange(StringBuilder svg, IReadOnlyList<TimelineMonth> timeline, string? changeMonth, double step, double height, double labelY)
    {
        var index = Timelines.ChangeIndex(timeline, changeMonth);
        if (index < 0)
        {
            return;
        }

        var x = Left + (index * step);
        var label = "Policy change from " + Html.Html.Month(changeMonth!);

        // Written after the line when it fits there (about 0.6 em a character at 11, up to 12 on phones), else before it.
        var anchorEnd = x + 4 + (label.Length * 7) > TimelineWidth - 2;
        svg.Append("<g class=\"change\" data-month=\"").Append(Html.Html.Encode(changeMonth)).Append("\">")
            .Append("<line x1=\"").Append(Html.Html.Svg(x)).Append("\" y1=\"").Append(Html.Html.Svg(labelY + 4)).Append("\" x2=\"").Append(Html.Html.Svg(x)).Append("\" y2=\"").Append(Html.Html.Svg(height - Bottom))
            .Append("\" stroke=\"#1f2328\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>")
            .Append("<text x=\"").Append(Html.Html.Svg(anchorEnd ? x - 4 : x + 4)).Append("\" y=\"").Append(Html.Html.Svg(labelY)).Append("\" font-size=\"11\" font-weight=\"bold\" fill=\"#1f2328\" text-anchor=\"")
            .Append(anchorEnd ? "end" : "start").Append("\">").Append(Html.Html.Encode(label)).Append("</text>")
            .Append("</g>");
    }

    private static void AppendSeries(
        StringBuilder svg, IReadOnlyList<TimelineMonth> timeline, double step, Func<double, double> y, string name, Func<Measures, Rate> rate, string colour, bool dashed, string words)
    {
        var path = new StringBuilder();
        var points = new StringBuilder();
        var drawing = false;
        for (var i = 0; i < timeline.Count; i++)
        {
            var month = timeline[i];
            var value = month.Measures is null ? null : rate(month.Measures);
            if (value?.Value is not { } v)
            {
                drawing = false;
                continue;
            }

            var x = Left + (i * step) + (step / 2);
            path.Append(drawing ? " L" : " M").Append(Html.Html.Svg(x)).Append(',').Append(Html.Html.Svg(y(v)));
            drawing = true;
            var tip = Html.Html.Encode(Html.Html.Month(month.Month) + ": " + words + " " + StatsText.RateWithCounts(value));
            points.Append(dashed
                    ? "<rect x=\"" + Html.Html.Svg(x - 3.5) + "\" y=\"" + Html.Html.Svg(y(v) - 3.5) + "\" width=\"7\" height=\"7\""
                    : "<circle cx=\"" + Html.Html.Svg(x) + "\" cy=\"" + Html.Html.Svg(y(v)) + "\" r=\"3.5\"")
                .Append(" fill=\"").Append(colour).Append("\" data-month=\"").Append(month.Month).Append("\" data-rate=\"").Append(Html.Html.Percent(v)).Append("\"><title>").Append(tip)
                .Append(dashed ? "</title></rect>" : "</title></circle>");
        }

        svg.Append("<g class=\"series\" data-series=\"").Append(name).Append("\">");
        if (path.Length > 0)
        {
            svg.Append("<path d=\"").Append(path.ToString().Trim()).Append("\" fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"2\"")
                .Append(dashed ? " stroke-dasharray=\"5 3\"" : string.Empty).Append("/>");
        }

        svg.Append(points).Append("</g>");
    }
}
