using System.Text;
using Survey.Shared.Briefs;
using Survey.Shared.Html;
using Survey.Shared.Operations;
using Survey.Shared.Reports;
using Survey.Shared.Stats;

namespace Survey.Shared.Dashboards;

/// <summary>
/// The committee's dashboard: a plain GET form of filters, coverage by plan (a bar of outcomes per plan and
/// a plan × setting table), and the timeline of one plan. No script, and no secret in any link: a browser is
/// signed in by its session cookie, and the page carries the sign-out button of that session.
/// </summary>
public static class DashboardPage
{
    public const string Path = "/api/dashboard";

    /// <summary>
    /// The page for <paramref name="dashboard"/>; <paramref name="signOutCsrf"/> is the token of the browser's session, if signed in.
    /// The chosen plan's answers are those of <paramref name="questionnaire"/>'s counted questions (report schema v1's unless told otherwise).
    /// </summary>
    public static string Render(Dashboard dashboard, string nonce, string? signOutCsrf, Questionnaire? questionnaire = null)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var body = new StringBuilder(32 * 1024);
        body.Append("<main class=\"dashboard\">\n<header>\n<h1>Lactation care coverage: reports by plan</h1>\n<p class=\"muted\">")
            .Append(Html.Html.Encode(StatsText.DescribeFilter(dashboard.Filter))).Append(' ')
            .Append(Html.Html.Number(dashboard.Plans.Count)).Append(dashboard.Plans.Count == 1 ? " plan, " : " plans, ")
            .Append(Html.Html.Number(dashboard.Plans.Sum(p => p.Reports))).Append(" reports. Prepared ").Append(Html.Html.Encode(Html.Html.Date(dashboard.GeneratedAt))).Append(".</p>\n</header>\n");
        if (signOutCsrf is not null)
        {
            body.Append(Access.SignInPage.SignOutForm(signOutCsrf));
        }

        AppendPoisonBanner(body, dashboard.Poison);
        AppendSignals(body, dashboard);
        DashboardFilterForm.Append(body, dashboard);
        AppendCoverage(body, dashboard);
        AppendTimeline(body, dashboard, questionnaire ?? Questionnaire.Default);
        AppendLetters(body, dashboard.Letters);
        body.Append("<footer class=\"small muted\">\n<p>Counts are reports received by the committee, not a random sample. Rates are out of the reports with a decided outcome ")
            .Append("(not pending, not billed). Plans marked “not verified” carry the names reporters typed.</p>\n</footer>\n</main>");
        return HtmlPage.Render(nonce, "Coverage dashboard", Css, body.ToString());
    }

    /// <summary>While anything waits in a poison queue: what, and where the operator lists and replays it.</summary>
    private static void AppendPoisonBanner(StringBuilder body, PoisonWaiting? poison)
    {
        if (poison is not { Any: true })
        {
            return;
        }

        body.Append("<div class=\"poison-banner\" role=\"alert\"><strong>Waiting for the operator:</strong> ");
        if (poison.Reports > 0)
        {
            body.Append(Html.Html.Number(poison.Reports)).Append(poison.Reports == 1 ? " report is" : " reports are").Append(" not counted (in reports-poison). ");
        }

        if (poison.Invitations > 0)
        {
            body.Append(Html.Html.Number(poison.Invitations)).Append(poison.Invitations == 1 ? " invitation is" : " invitations are").Append(" not sent (in invitations-poison). ");
        }

        body.Append("List them with GET /api/operations/poison and replay them after the fix; the counts below leave them out until then.</div>\n");
    }

    /// <summary>The active signals, strongest first, each with its numbers and links to the plan's timeline and brief at that month.</summary>
    private static void AppendSignals(StringBuilder body, Dashboard dashboard)
    {
        if (dashboard.Signals is not { } signals)
        {
            return;
        }

        body.Append("<section aria-labelledby=\"signals\">\n<h2 id=\"signals\">Changes in coverage</h2>\n");
        if (signals.Count == 0)
        {
            body.Append("<p class=\"empty\">No plan’s coverage changed markedly. Signals are recomputed when counts change.</p>\n</section>\n");
            return;
        }

        body.Append("<ul class=\"signals\">\n");
        foreach (var signal in signals)
        {
            body.Append("<li data-signal=\"").Append(Html.Html.Encode(signal.Key)).Append("\" data-month=\"").Append(Html.Html.Encode(signal.Month)).Append("\"><a href=\"")
                .Append(Html.Html.Encode(Link(dashboard.Filter, signal.PlanKey) + "#timeline")).Append("\">").Append(Html.Html.Encode(Signals.DigestMail.Headline(signal))).Append("</a><br>")
                .Append("<span class=\"small\">").Append(Html.Html.Encode(Signals.DigestMail.Numbers(signal))).Append(". <a href=\"").Append(Html.Html.Encode(signal.Brief))
                .Append("\">Brief at ").Append(Html.Html.Encode(Html.Html.Month(signal.Month))).Append("</a></span></li>\n");
        }

        body.Append("</ul>\n</section>\n");
    }

    /// <summary>A link to the dashboard with the filters and a plan.</summary>
    internal static string Link(StatsFilter filter, string? planKey)
        => Path + Html.Html.Query(StatsText.FilterParameters(filter).Prepend(("plan", planKey)));

    private static void AppendCoverage(StringBuilder body, Dashboard dashboard)
    {
        body.Append("<section aria-labelledby=\"coverage\">\n<h2 id=\"coverage\">Coverage by plan</h2>\n");
        if (dashboard.Plans.Count == 0)
        {
            body.Append("<p class=\"empty\">No reports match these filters.</p>\n</section>\n");
            return;
        }

        body.Append("<p class=\"small muted\">What happened to the claims each plan’s reports describe, most reports first.</p>\n");
        body.Append(OutcomePatterns.Legend("legend-plans")).Append('\n');
        body.Append("<ol class=\"plans\">\n");
        for (var i = 0; i < dashboard.Plans.Count; i++)
        {
            var plan = dashboard.Plans[i];
            var name = StatsText.PlanName(plan);
            body.Append("<li data-plan=\"").Append(Html.Html.Encode(plan.PlanKey)).Append("\"><p class=\"plan-name\"><a href=\"")
                .Append(Html.Html.Encode(Link(dashboard.Filter, plan.PlanKey) + "#timeline")).Append("\">").Append(Html.Html.Encode(name)).Append("</a> ");
            if (!plan.Verified)
            {
                body.Append("<span class=\"tag\">not verified</span> ");
            }

            body.Append("<span class=\"muted\">").Append(Html.Html.Number(plan.Reports)).Append(plan.Reports == 1 ? " report" : " reports").Append("</span></p>\n");
            body.Append(SvgCharts.OutcomeBar("bar-" + i, plan.Outcomes, name + ": outcomes of " + Html.Html.Number(plan.Reports) + " reports")).Append('\n');
            body.Append("<p class=\"small outcomes\">").Append(Html.Html.Encode(OutcomeSentence(plan.Outcomes))).Append("</p></li>\n");
        }

        body.Append("</ol>\n");

        body.Append("<h3>Reports and covered-in-full rate by setting</h3>\n<div class=\"table-wrap\"><table class=\"settings\">\n")
            .Append("<caption>Each cell: reports, and the share covered in full of those with a decided outcome.</caption>\n<thead><tr><th scope=\"col\">Plan</th><th scope=\"col\" class=\"num\">All settings</th>");
        foreach (var setting in ReportSchema.Settings)
        {
            body.Append("<th scope=\"col\" class=\"num\">").Append(Html.Html.Encode(Labels.Setting(setting))).Append("</th>");
        }

        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var plan in dashboard.Plans)
        {
            body.Append("<tr><th scope=\"row\">").Append(Html.Html.Encode(StatsText.PlanName(plan))).Append("</th>");
            Cell(body, plan.Reports, plan.Rates.CoveredInFull.Value);
            foreach (var setting in ReportSchema.Settings)
            {
                var stats = plan.BySetting.GetValueOrDefault(setting);
                Cell(body, stats?.Reports ?? 0, stats is null ? null : CoveredInFullRate(stats));
            }

            body.Append("</tr>\n");
        }

        body.Append("</tbody></table></div>\n</section>\n");

        static void Cell(StringBuilder body, long reports, double? rate)
        {
            body.Append("<td class=\"num\">");
            if (reports == 0)
            {
                body.Append("<span class=\"muted\">–</span>");
            }
            else
            {
                body.Append(Html.Html.Number(reports)).Append("<br><span class=\"small muted\">").Append(Html.Html.Percent(rate)).Append(" in full</span>");
            }

            body.Append("</td>");
        }
    }

    private static void AppendTimeline(StringBuilder body, Dashboard dashboard, Questionnaire questionnaire)
    {
        body.Append("<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Timeline");
        var plan = dashboard.Selected;
        if (plan is null)
        {
            body.Append("</h2>\n<p class=\"empty\">")
                .Append(dashboard.SelectedPlanKey is null ? "No plan has reports matching these filters." : "The chosen plan has no reports matching these filters.")
                .Append("</p>\n</section>\n");
            return;
        }

        var name = StatsText.PlanName(plan);
        body.Append(": ").Append(Html.Html.Encode(name)).Append("</h2>\n");
        body.Append("<p>").Append(Html.Html.Number(plan.Reports)).Append(plan.Reports == 1 ? " report" : " reports")
            .Append(plan.Verified ? string.Empty : " <span class=\"tag\">not verified</span>")
            .Append(". Covered in full: ").Append(Html.Html.Encode(StatsText.RateWithCounts(plan.Rates.CoveredInFull)))
            .Append("; denied: ").Append(Html.Html.Encode(StatsText.RateWithCounts(plan.Rates.Denied))).Append(". ")
            .Append("<a class=\"no-print\" href=\"").Append(Html.Html.Encode(BriefLinks.Link(plan.PlanKey, dashboard.Filter, null))).Append("\">One-page brief for this plan</a></p>\n");

        // The plan's strongest signal is marked on its timeline; all of them are listed above the charts.
        var planSignals = dashboard.Signals?.Where(s => s.PlanKey == plan.PlanKey).ToList() ?? [];
        var marked = planSignals.Count > 0 ? planSignals[0].Month : null;
        foreach (var signal in planSignals)
        {
            body.Append("<p class=\"signal\" data-month=\"").Append(Html.Html.Encode(signal.Month)).Append("\"><strong>Signal:</strong> ").Append(Html.Html.Encode(Signals.DigestMail.Headline(signal)))
                .Append(". ").Append(Html.Html.Encode(Signals.DigestMail.Numbers(signal))).Append(".</p>\n");
        }

        var timeline = Timelines.Of(plan.Months, marked);
        body.Append("<figure>\n").Append(SvgCharts.MonthlyOutcomes("timeline-outcomes", timeline, marked, name + ": reports per month of service, by outcome")).Append('\n')
            .Append(OutcomePatterns.Legend("legend-timeline"))
            .Append("<figcaption>Reports per month of service, stacked by outcome.</figcaption>\n</figure>\n");
        body.Append("<figure>\n").Append(SvgCharts.MonthlyRates("timeline-rates", timeline, marked, name + ": covered-in-full and denied rates per month")).Append('\n')
            .Append("<figcaption>Share of the month’s reports with a decided outcome that were covered in full (solid line, circles) or denied (dashed line, squares).</figcaption>\n</figure>\n");

        body.Append("<div class=\"table-wrap\"><table class=\"months\">\n<caption>The same numbers by month of service.</caption>\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Reports</th>");
        foreach (var outcome in SvgCharts.Outcomes)
        {
            body.Append("<th scope=\"col\" class=\"num\">").Append(Html.Html.Encode(Labels.Outcome(outcome))).Append("</th>");
        }

        body.Append("<th scope=\"col\" class=\"num\">In full rate</th></tr></thead>\n<tbody>\n");
        foreach (var month in timeline)
        {
            body.Append("<tr><th scope=\"row\">").Append(Html.Html.Encode(Html.Html.Month(month.Month))).Append("</th><td class=\"num\">").Append(Html.Html.Number(month.Reports)).Append("</td>");
            foreach (var outcome in SvgCharts.Outcomes)
            {
                body.Append("<td class=\"num\">").Append(Html.Html.Number(month.Outcome(outcome))).Append("</td>");
            }

            body.Append("<td class=\"num\">").Append(Html.Html.Percent(month.Measures?.Rates.CoveredInFull.Value)).Append("</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n");
        DashboardAnswers.Append(body, plan, questionnaire);
        body.Append("</section>\n");
    }

    /// <summary>The letters offered for the chosen plan, per month and recipient (Letters/LetterCounts): which plans draw complaints.</summary>
    private static void AppendLetters(StringBuilder body, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? letters)
    {
        if (letters is null || letters.Count == 0)
        {
            return;
        }

        body.Append("<section aria-labelledby=\"letters\">\n<h2 id=\"letters\">Letters offered to reporters</h2>\n")
            .Append("<div class=\"table-wrap\"><table class=\"months letters\">\n<caption>One per report with a coverage problem, by whom it is addressed to; no content is kept.</caption>\n<thead><tr><th scope=\"col\">Month</th>");
        foreach (var (_, heading) in Letters.LetterCounts.Recipients)
        {
            body.Append("<th scope=\"col\" class=\"num\">").Append(Html.Html.Encode(heading)).Append("</th>");
        }

        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var (month, counts) in letters)
        {
            body.Append("<tr><th scope=\"row\">").Append(Html.Html.Encode(Html.Html.Month(month))).Append("</th>");
            foreach (var (recipient, _) in Letters.LetterCounts.Recipients)
            {
                body.Append("<td class=\"num\" data-recipient=\"").Append(recipient).Append("\">").Append(Html.Html.Number(counts.GetValueOrDefault(recipient))).Append("</td>");
            }

            body.Append("</tr>\n");
        }

        body.Append("</tbody></table></div>\n</section>\n");
    }

    /// <summary>"5 covered in full, 3 denied, 1 pending" (outcomes with reports, in schema order).</summary>
    internal static string OutcomeSentence(IReadOnlyDictionary<string, long> outcomes)
    {
        var parts = SvgCharts.Outcomes.Where(o => outcomes.GetValueOrDefault(o) > 0)
            .Select(o => Html.Html.Number(outcomes[o]) + " " + Labels.Outcome(o).ToLowerInvariant());
        return string.Join(", ", parts) + ".";
    }

    /// <summary>Covered in full out of the setting's reports with a decided outcome.</summary>
    internal static double? CoveredInFullRate(SettingStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var decided = stats.Reports - stats.Outcomes.GetValueOrDefault("pending") - stats.Outcomes.GetValueOrDefault("not-billed");
        return new Rate(stats.Outcomes.GetValueOrDefault("covered-in-full"), decided).Value;
    }

    private const string Css = """
        form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: .5rem .75rem; align-items: end;
                       margin: 1rem 0; padding: .75rem; background: var(--soft); border: 1px solid var(--line); border-radius: .4rem; }
        form.filters label { display: flex; flex-direction: column; gap: .15rem; font-size: .85rem; min-width: 0; }
        form.filters .wide { grid-column: 1 / -1; }
        form.filters select, form.filters input { font: inherit; font-size: .95rem; padding: .3rem; width: 100%; min-width: 0; max-width: 100%; }
        form.filters .actions { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
        button { font: inherit; white-space: nowrap; padding: .4rem 1.1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .3rem; cursor: pointer; }
        .poison-banner { margin: 1rem 0; padding: .75rem; border: 2px solid #a4001d; border-left-width: .5rem; background: #fff4f4; border-radius: .4rem; }
        .plans { list-style: none; padding: 0; margin: 0; }
        .plans li { padding: .5rem 0; border-bottom: 1px solid var(--line); }
        .plan-name { margin: 0 0 .25rem; font-weight: 600; }
        .signals { padding-left: 1.2rem; }
        .signals li, p.signal { margin: .3rem 0; }
        .outcomes { margin: .2rem 0 0; }
        table.settings th[scope=row] { min-width: 9rem; }
        table.months th[scope=row] { white-space: nowrap; }
        @media print {
          html { font-size: 10pt; }
          @page { size: letter; margin: 12mm; }
          .plans li { break-inside: avoid; }
        }

        """;
}
