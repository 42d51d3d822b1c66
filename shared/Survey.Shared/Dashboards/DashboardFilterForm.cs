using System.Text;
using Survey.Shared.Html;
using Survey.Shared.Reports;
using Survey.Shared.Stats;

namespace Survey.Shared.Dashboards;

/// <summary>The dashboard's filters: a plain GET form of the plan for the timeline, the months and the report fields to keep.</summary>
internal static class DashboardFilterForm
{
    public static void Append(StringBuilder body, Dashboard dashboard)
    {
        var filter = dashboard.Filter;
        body.Append("<form class=\"filters no-print\" method=\"get\" action=\"").Append(DashboardPage.Path).Append("\">\n");
        body.Append("<label class=\"wide\">Plan for the timeline\n<select name=\"plan\">");
        var listed = false;
        foreach (var plan in dashboard.Plans)
        {
            var selected = plan.PlanKey == dashboard.SelectedPlanKey;
            listed |= selected;
            Option(body, plan.PlanKey, StatsText.PlanName(plan) + " (" + Html.Html.Number(plan.Reports) + ")", selected);
        }

        if (!listed && dashboard.SelectedPlanKey is { } requested)
        {
            Option(body, requested, requested + " (no reports with these filters)", selected: true);
        }

        body.Append("</select></label>\n");
        body.Append("<label>From month\n<input type=\"month\" name=\"from\" min=\"2010-01\" value=\"").Append(Html.Html.Encode(filter.From)).Append("\"></label>\n");
        body.Append("<label>To month\n<input type=\"month\" name=\"to\" min=\"2010-01\" value=\"").Append(Html.Html.Encode(filter.To)).Append("\"></label>\n");
        Select(body, "State", "state", ReportSchema.StateCodes, s => s, filter.State);
        Select(body, "Reported by", "role", ReportSchema.ReporterRoles, Labels.Role, filter.Role);
        Select(body, "Setting", "setting", ReportSchema.Settings, Labels.Setting, filter.Setting);
        Select(body, "Plan type", "planType", ReportSchema.PlanTypes, Labels.PlanType, filter.PlanType);
        Select(body, "Funding", "funding", ReportSchema.Fundings, Labels.Funding, filter.Funding);
        body.Append("<div class=\"actions\"><button type=\"submit\">Show</button> <a href=\"").Append(Html.Html.Encode(DashboardPage.Link(StatsFilter.None, null))).Append("\">Clear filters</a></div>\n");
        body.Append("</form>\n");
    }

    private static void Option(StringBuilder body, string value, string text, bool selected)
        => body.Append("<option value=\"").Append(Html.Html.Encode(value)).Append('"').Append(selected ? " selected" : string.Empty).Append('>')
            .Append(Html.Html.Encode(text)).Append("</option>");

    private static void Select(StringBuilder body, string label, string name, IEnumerable<string> values, Func<string, string> text, string? current)
    {
        body.Append("<label>").Append(Html.Html.Encode(label)).Append("\n<select name=\"").Append(name).Append("\"><option value=\"\">Any</option>");
        foreach (var value in values)
        {
            Option(body, value, text(value), value == current);
        }

        body.Append("</select></label>\n");
    }
}
