using System.Text;
using Survey.Shared.Html;

namespace Survey.Shared.Stats;

/// <summary>
/// Each outcome's fill: a colour and a pattern, so the charts read without colour too; and the legends and swatches
/// that show them beside their words.
/// </summary>
internal static class OutcomePatterns
{
    /// <summary>A small square showing an outcome's pattern, for an HTML legend beside its text.</summary>
    public static string Swatch(string id, string outcome)
    {
        var svg = new StringBuilder("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\" focusable=\"false\">");
        Append(svg, id, [outcome]);
        return svg.Append("<rect x=\"0.5\" y=\"0.5\" width=\"15\" height=\"15\" fill=\"url(#").Append(Id(id, outcome)).Append(")\" stroke=\"#24292f\" stroke-width=\"1\"/></svg>").ToString();
    }

    /// <summary>An HTML legend of the outcomes: pattern and words.</summary>
    public static string Legend(string id)
    {
        var html = new StringBuilder("<ul class=\"legend\" aria-label=\"Outcomes\">");
        foreach (var outcome in SvgCharts.Outcomes)
        {
            html.Append("<li>").Append(Swatch(id + "-" + outcome, outcome)).Append("<span>").Append(Html.Html.Encode(Labels.Outcome(outcome))).Append("</span></li>");
        }

        return html.Append("</ul>").ToString();
    }

    /// <summary>The id of an outcome's pattern in the chart or swatch <paramref name="id"/>.</summary>
    public static string Id(string id, string outcome) => id + "-p-" + outcome;

    /// <summary>The patterns of <paramref name="outcomes"/>, as SVG definitions.</summary>
    public static void Append(StringBuilder svg, string id, IEnumerable<string> outcomes)
    {
        svg.Append("<defs>");
        foreach (var outcome in outcomes)
        {
            svg.Append("<pattern id=\"").Append(Html.Html.Encode(Id(id, outcome))).Append("\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">");
            svg.Append(outcome switch
            {
                "covered-in-full" => "<rect width=\"8\" height=\"8\" fill=\"#1a7f37\"/>",
                "covered-with-cost-share" => "<rect width=\"8\" height=\"8\" fill=\"#94d3a2\"/><path d=\"M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6\" stroke=\"#116329\" stroke-width=\"1.4\"/>",
                "partially-covered" => "<rect width=\"8\" height=\"8\" fill=\"#f6d365\"/><circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"#7d4e00\"/>",
                "denied" => "<rect width=\"8\" height=\"8\" fill=\"#cf222e\"/><path d=\"M0,0 L8,8 M8,0 L0,8\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>",
                "pending" => "<rect width=\"8\" height=\"8\" fill=\"#c8ccd1\"/><path d=\"M0,4 H8\" stroke=\"#424a53\" stroke-width=\"1.4\"/>",
                _ => "<rect width=\"8\" height=\"8\" fill=\"#f6f8fa\"/><path d=\"M4,0 V8\" stroke=\"#6e7781\" stroke-width=\"1.4\"/>",
            });
            svg.Append("</pattern>");
        }

        svg.Append("</defs>");
    }
}
