using System.Text;
using Survey.Shared.Briefs;
using Survey.Shared.Html;
using Survey.Shared.Reports;
using Survey.Shared.Stats;

namespace Survey.Shared.Dashboards;

/// <summary>
/// A plan's one-page advocacy brief, for a letter to an insurer, employer, regulator or legislator: who,
/// when, how many; the key rates; before and after a policy change; the timeline; outcomes by setting;
/// denial reasons; and consented, scrubbed quotes. Made to print on one Letter page.
/// </summary>
public static class BriefPage
{

    /// <summary>The brief; <paramref name="signOutCsrf"/> is the token of the browser's session, if signed in.</summary>
    public static string Render(PlanBrief brief, string nonce, string? signOutCsrf)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var plan = brief.Plan;
        var name = StatsText.PlanName(plan);
        var timeline = Timelines.Of(plan.Months, brief.Change?.Month);
        var body = new StringBuilder(24 * 1024);

        body.Append("<main class=\"brief\">\n<nav class=\"no-print small\"><a href=\"").Append(Html.Html.Encode(DashboardPage.Link(brief.Filter, plan.PlanKey)))
            .Append("\">← Dashboard</a> · To send it, print this page or save it as PDF from the browser’s Print menu (one Letter page).</nav>\n");
        if (signOutCsrf is not null)
        {
            body.Append(Access.SignInPage.SignOutForm(signOutCsrf));
        }

        body.Append("<header>\n<p class=\"kicker\">Lactation care coverage brief</p>\n<h1>").Append(Html.Html.Encode(name)).Append("</h1>\n<p class=\"meta\">");
        body.Append(plan.Verified ? "Plan as named in the committee’s catalogue. " : "Plan name as typed by reporters; not yet matched to the committee’s catalogue. ");
        if (timeline.Count > 0)
        {
            body.Append("Months of service ").Append(Html.Html.Encode(Html.Html.Month(timeline[0].Month))).Append(" to ").Append(Html.Html.Encode(Html.Html.Month(timeline[^1].Month))).Append(". ");
        }

        body.Append("<strong>").Append(Html.Html.Number(plan.Reports)).Append(plan.Reports == 1 ? " report" : " reports").Append("</strong>");
        var roles = ReportSchema.ReporterRoles.Where(r => plan.ByRole.GetValueOrDefault(r) > 0)
            .Select(r => Html.Html.Number(plan.ByRole[r]) + " from " + Labels.RolePlural(r)).ToList();
        if (roles.Count > 0)
        {
            body.Append(" (").Append(Html.Html.Encode(string.Join(", ", roles))).Append(')');
        }

        body.Append(". ").Append(Html.Html.Encode(StatsText.DescribeFilter(brief.Filter))).Append(" Prepared ").Append(Html.Html.Encode(Html.Html.Date(brief.GeneratedAt))).Append(".</p>\n</header>\n");

        if (plan.Reports == 0)
        {
            body.Append("<p class=\"empty\">No reports of this plan match these filters.</p>\n");
        }
        else
        {
            AppendFigures(body, plan);
            body.Append("<div class=\"pair\">\n");
            AppendChange(body, brief.Change, timeline);
            AppendTimeline(body, name, timeline, brief.Change?.Month);
            body.Append("</div>\n");
            AppendSettingsAndReasons(body, plan);
        }

        AppendQuotes(body, brief.Quotes);
        body.Append("<footer class=\"small muted\"><p>Source: first-hand reports from IBCLCs and families to the access committee: reports received, not a random sample. ")
            .Append("Rates leave out pending and unbilled claims. Quotes are shared with the reporter’s consent, with names, phone numbers, e-mail addresses and dates removed.</p></footer>\n</main>");
        return HtmlPage.Render(nonce, name + " — coverage brief", Css, body.ToString());
    }

    private static void AppendFigures(StringBuilder body, Measures plan)
    {
        body.Append("<section class=\"figures\" aria-label=\"Key figures\">\n");
        Figure(body, "Covered in full", plan.Rates.CoveredInFull, "decided claims");
        Figure(body, "Denied", plan.Rates.Denied, "decided claims");
        Figure(body, "Prior authorization required", plan.Rates.PriorAuthorizationRequired, "who knew");
        Figure(body, "Told covered, then denied", plan.Rates.ToldCoveredButDenied, "told it was covered");
        body.Append("<div class=\"figure\"><span class=\"label\">Paid out of pocket</span>");
        if (plan.OutOfPocket.Reports == 0)
        {
            body.Append("<b>–</b><span class=\"of\">no amounts reported</span>");
        }
        else
        {
            body.Append("<b>").Append(Html.Html.Usd(plan.OutOfPocket.MedianUsd)).Append(" median</b><span class=\"of\">mean ").Append(Html.Html.Usd(plan.OutOfPocket.MeanUsd)).Append(", ")
                .Append(Html.Html.Number(plan.OutOfPocket.Reports)).Append(plan.OutOfPocket.Reports == 1 ? " report" : " reports").Append("</span>");
        }

        body.Append("</div>\n</section>\n");

        static void Figure(StringBuilder body, string label, Rate rate, string of)
            => body.Append("<div class=\"figure\"><span class=\"label\">").Append(Html.Html.Encode(label)).Append("</span><b>").Append(Html.Html.Percent(rate.Value)).Append("</b><span class=\"of\">")
                .Append(Html.Html.Number(rate.Count)).Append(" of ").Append(Html.Html.Number(rate.Of)).Append(' ').Append(Html.Html.Encode(of)).Append("</span></div>\n");
    }

    private static void AppendChange(StringBuilder body, PolicyChange? change, IReadOnlyList<TimelineMonth> timeline)
    {
        if (change is null)
        {
            return;
        }

        var month = Html.Html.Month(change.Month);
        body.Append("<section class=\"change\">\n<h2>Before and after the change from ").Append(Html.Html.Encode(month)).Append("</h2>\n");
        if (Timelines.ChangeIndex(timeline, change.Month) < 0)
        {
            body.Append("<p class=\"small muted\">").Append(Html.Html.Encode(month)).Append(" is outside the months with reports.</p>\n");
        }

        body.Append("<div class=\"table-wrap\"><table class=\"compare\">\n<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Before ").Append(Html.Html.Encode(month))
            .Append("</th><th scope=\"col\" class=\"num\">From ").Append(Html.Html.Encode(month)).Append("</th><th scope=\"col\" class=\"num\">Change</th></tr></thead>\n<tbody>\n");
        body.Append("<tr><th scope=\"row\">Reports</th><td class=\"num\">").Append(Html.Html.Number(change.Before.Reports)).Append("</td><td class=\"num\">")
            .Append(Html.Html.Number(change.After.Reports)).Append("</td><td class=\"num\"></td></tr>\n");
        Row(body, "Covered in full", change.Before.Rates.CoveredInFull, change.After.Rates.CoveredInFull);
        Row(body, "Any coverage", change.Before.Rates.AnyCoverage, change.After.Rates.AnyCoverage);
        Row(body, "Denied", change.Before.Rates.Denied, change.After.Rates.Denied);
        Row(body, "Prior authorization required", change.Before.Rates.PriorAuthorizationRequired, change.After.Rates.PriorAuthorizationRequired);
        Row(body, "Told covered, then denied", change.Before.Rates.ToldCoveredButDenied, change.After.Rates.ToldCoveredButDenied);
        body.Append("<tr><th scope=\"row\">Out of pocket (median)</th><td class=\"num\">").Append(Html.Html.Usd(change.Before.OutOfPocket.MedianUsd)).Append("</td><td class=\"num\">")
            .Append(Html.Html.Usd(change.After.OutOfPocket.MedianUsd)).Append("</td><td class=\"num\"></td></tr>\n");
        body.Append("</tbody></table></div>\n</section>\n");

        static void Row(StringBuilder body, string label, Rate before, Rate after)
        {
            body.Append("<tr><th scope=\"row\">").Append(Html.Html.Encode(label)).Append("</th><td class=\"num\">").Append(Html.Html.Encode(StatsText.RateWithCounts(before)))
                .Append("</td><td class=\"num\">").Append(Html.Html.Encode(StatsText.RateWithCounts(after))).Append("</td><td class=\"num\">");
            if (before.Value is { } b && after.Value is { } a)
            {
                var points = (long)Math.Round((a - b) * 100, MidpointRounding.AwayFromZero);
                body.Append(points > 0 ? "+" : points < 0 ? "−" : string.Empty).Append(Html.Html.Number(Math.Abs(points))).Append(" pts");
            }

            body.Append("</td></tr>\n");
        }
    }

    private static void AppendTimeline(StringBuilder body, string name, IReadOnlyList<TimelineMonth> timeline, string? changeMonth)
    {
        body.Append("<section class=\"timeline\">\n<h2>Reports by month of service</h2>\n<figure>\n")
            .Append(SvgCharts.MonthlyOutcomes("brief-timeline", timeline, changeMonth, name + ": reports per month of service, by outcome"))
            .Append('\n').Append(OutcomePatterns.Legend("brief-legend"))
            .Append("</figure>\n</section>\n");
    }

    private static void AppendSettingsAndReasons(StringBuilder body, Measures plan)
    {
        body.Append("<div class=\"columns\">\n<section class=\"by-setting\">\n<h2>What happened, by setting</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\" class=\"num\">Reports</th>");
        foreach (var outcome in SvgCharts.Outcomes)
        {
            body.Append("<th scope=\"col\" class=\"num\">").Append(Html.Html.Encode(ShortOutcome(outcome))).Append("</th>");
        }

        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var setting in ReportSchema.Settings)
        {
            if (plan.BySetting.GetValueOrDefault(setting) is not { Reports: > 0 } stats)
            {
                continue;
            }

            body.Append("<tr><th scope=\"row\">").Append(Html.Html.Encode(Labels.Setting(setting))).Append("</th><td class=\"num\">").Append(Html.Html.Number(stats.Reports)).Append("</td>");
            foreach (var outcome in SvgCharts.Outcomes)
            {
                body.Append("<td class=\"num\">").Append(Html.Html.Number(stats.Outcomes.GetValueOrDefault(outcome))).Append("</td>");
            }

            body.Append("</tr>\n");
        }

        body.Append("</tbody></table></div>\n</section>\n<section class=\"reasons\">\n<h2>Why claims were denied</h2>\n");
        var reasons = ReportSchema.DenialReasons.Where(r => plan.DenialReasons.GetValueOrDefault(r) > 0).ToList();
        if (reasons.Count == 0)
        {
            body.Append("<p class=\"small muted\">No denial reasons reported.</p>\n");
        }
        else
        {
            body.Append("<ul class=\"counts\">");
            foreach (var reason in reasons.OrderByDescending(r => plan.DenialReasons[r]))
            {
                body.Append("<li><span>").Append(Html.Html.Encode(Labels.DenialReason(reason))).Append("</span> <b>").Append(Html.Html.Number(plan.DenialReasons[reason])).Append("</b></li>");
            }

            body.Append("</ul>\n");
        }

        var actions = ReportSchema.AdvocacyActions.Where(a => plan.AdvocacyActions.GetValueOrDefault(a) > 0).ToList();
        if (actions.Count > 0)
        {
            body.Append("</section>\n<section class=\"actions\">\n<h2>What reporters did next</h2>\n<ul class=\"counts\">");
            foreach (var action in actions.OrderByDescending(a => plan.AdvocacyActions[a]))
            {
                body.Append("<li><span>").Append(Html.Html.Encode(Labels.AdvocacyAction(action))).Append("</span> <b>").Append(Html.Html.Number(plan.AdvocacyActions[action])).Append("</b></li>");
            }

            body.Append("</ul>\n");
        }

        body.Append("</section>\n</div>\n");
    }

    private static void AppendQuotes(StringBuilder body, IReadOnlyList<BriefQuote> quotes)
    {
        if (quotes.Count == 0)
        {
            return;
        }

        body.Append("<section class=\"quotes\">\n<h2>In their words</h2>\n<div class=\"quote-list\">\n");
        foreach (var quote in quotes)
        {
            body.Append("<figure class=\"quote\"><blockquote");
            if (quote.Language is { } language && ReportSchema.Languages.Contains(language))
            {
                body.Append(" lang=\"").Append(Html.Html.Encode(language)).Append('"');
            }

            body.Append("><p>").Append(Html.Html.Encode(quote.Text)).Append("</p></blockquote><figcaption>— ")
                .Append(Html.Html.Encode(Labels.Role(quote.ReporterRole) + ", " + Labels.Setting(quote.Setting) + ", " + ShortOutcome(quote.Outcome) + ", " + Html.Html.Month(quote.ServiceMonth)))
                .Append("</figcaption></figure>\n");
        }

        body.Append("</div>\n</section>\n");
    }

    private static string ShortOutcome(string outcome) => outcome switch
    {
        "covered-in-full" => "In full",
        "covered-with-cost-share" => "Cost share",
        "partially-covered" => "Partial",
        _ => Labels.Outcome(outcome),
    };

    private const string Css = """
        main.brief { max-width: 52rem; }
        .kicker { text-transform: uppercase; letter-spacing: .06em; font-size: .75rem; color: var(--muted); margin: .75rem 0 .1rem; }
        .meta { font-size: .9rem; color: var(--muted); }
        .meta strong { color: var(--ink); }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: .5rem; margin: .75rem 0; }
        .figure { border: 1px solid var(--line); border-radius: .35rem; padding: .4rem .55rem; display: flex; flex-direction: column; }
        .figure .label { font-size: .8rem; color: var(--muted); }
        .figure b { font-size: 1.35rem; line-height: 1.2; }
        .figure .of { font-size: .75rem; color: var(--muted); }
        table.compare td:last-child { font-weight: 600; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1.25rem; }
        .columns .by-setting { grid-column: 1 / -1; }
        ul.counts { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
        ul.counts li { display: flex; justify-content: space-between; gap: .5rem; border-bottom: 1px solid var(--line); padding: .15rem 0; }
        ul.counts b { white-space: nowrap; }
        .quote-list { columns: 18rem 2; column-gap: 1.5rem; }
        figure.quote { margin: 0 0 .6rem; break-inside: avoid; }
        blockquote { margin: 0; padding: .1rem 0 .1rem .7rem; border-left: 3px solid var(--muted); font-style: italic; }
        blockquote p { margin: 0; }
        figure.quote figcaption { font-size: .8rem; padding-left: .7rem; }
        footer { margin-top: 1rem; border-top: 1px solid var(--line); }
        @media print {
          @page { size: letter; margin: 9mm 11mm; }
          html { font-size: 9pt; }
          body { line-height: 1.3; }
          main.brief { max-width: none; }
          h1 { font-size: 12.5pt; line-height: 1.15; margin: 0 0 .1rem; }
          h2 { font-size: 10pt; margin: .45rem 0 .2rem; }
          h3 { font-size: 9pt; margin: .3rem 0 .15rem; }
          .kicker { margin-top: 0; }
          .meta { font-size: 8pt; }
          .figures { grid-template-columns: repeat(5, minmax(0, 1fr)); gap: .3rem; margin: .35rem 0; }
          .pair { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 0 1rem; align-items: start; }
          .pair > :only-child { grid-column: 1 / -1; }
          .pair svg.chart.timeline { width: 100%; max-height: 62mm; }
          .figure { padding: .2rem .35rem; }
          .figure b { font-size: 12pt; }
          table { font-size: 8.5pt; }
          th, td { padding: .08rem .3rem; }
          thead th { font-size: 7.5pt; }
          figure { margin: .2rem 0; }
          svg.chart.timeline { max-height: 58mm; max-width: 100%; margin: 0 auto; }
          .legend { font-size: 7pt; margin: .1rem 0; gap: 0 .6rem; }
          .legend svg { width: .7rem; height: .7rem; }
          .columns { grid-template-columns: minmax(0, 11fr) minmax(0, 5fr) minmax(0, 5fr); gap: 0 .9rem; }
          .by-setting table { font-size: 7.5pt; }
          .by-setting thead th { white-space: normal; }
          .columns h2 { font-size: 9pt; }
          .columns .by-setting { grid-column: auto; }
          ul.counts { font-size: 8.5pt; }
          .quote-list { columns: 2; column-gap: 1.2rem; }
          figure.quote { margin-bottom: .3rem; }
          blockquote { font-size: 8pt; line-height: 1.2; }
          figure.quote figcaption { font-size: 7.5pt; }
          footer { margin-top: .3rem; font-size: 6.5pt; }
          footer p { margin: .2rem 0; }
        }

        """;
}
