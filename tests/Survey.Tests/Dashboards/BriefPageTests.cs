using System.Text.RegularExpressions;
using Survey.Shared.Aggregation;
using Survey.Shared.Briefs;
using Survey.Shared.Dashboards;
using Survey.Shared.Html;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Tests.Dashboards;

public sealed class BriefPageTests
{
    private const string Nonce = "bm9uY2U=";

    private static PlanBrief Brief(string insurer = "TRICARE", string? plan = "TRICARE Select", IReadOnlyList<BriefQuote>? quotes = null, string? change = "2025-05")
    {
        var reports = PageData.Reversal();
        var stats = PageData.Plan("tricare-select", insurer, plan, true, reports);
        var policy = change is null
            ? null
            : new PolicyChange(change, PageData.MeasuresOf(reports.Where(r => string.CompareOrdinal(r.ServiceMonth, change) < 0)), PageData.MeasuresOf(reports.Where(r => string.CompareOrdinal(r.ServiceMonth, change) >= 0)));
        return new PlanBrief(stats, StatsFilter.None, policy, quotes ?? [], new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_brief_names_the_plan_the_period_and_the_number_of_reports()
    {
        var html = BriefPage.Render(Brief(), Nonce, "key");

        Assert.Contains("<h1>TRICARE — TRICARE Select</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Months of service Jan 2025 to Jul 2025.", html, StringComparison.Ordinal);
        Assert.Contains("<strong>10 reports</strong> (10 from families)", html, StringComparison.Ordinal);
        Assert.Contains("Plan as named in the committee’s catalogue.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_figures_give_rates_with_their_counts()
    {
        var html = BriefPage.Render(Brief(), Nonce, null);

        // 9 decided (one pending): 4 in full, 4 denied; prior auth 2 yes of 5 answered; told covered 3, all denied.
        Assert.Contains("<span class=\"label\">Covered in full</span><b>44%</b><span class=\"of\">4 of 9 decided claims</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Denied</span><b>44%</b>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Prior authorization required</span><b>40%</b><span class=\"of\">2 of 5", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Told covered, then denied</span><b>100%</b><span class=\"of\">3 of 3", html, StringComparison.Ordinal);
        Assert.Contains("<b>$150 median</b><span class=\"of\">mean $110, 5 reports", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_change_is_compared_before_and_after_and_marked_on_the_timeline()
    {
        var html = BriefPage.Render(Brief(), Nonce, null);

        Assert.Contains("<h2>Before and after the change from May 2025</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Reports</th><td class=\"num\">5</td><td class=\"num\">5</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Covered in full</th><td class=\"num\">20% (1 of 5)</td><td class=\"num\">75% (3 of 4)</td><td class=\"num\">+55 pts</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Denied</th><td class=\"num\">80% (4 of 5)</td><td class=\"num\">0% (0 of 4)</td><td class=\"num\">−80 pts</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("Policy change from May 2025", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_change_there_is_no_comparison()
    {
        var html = BriefPage.Render(Brief(change: null), Nonce, null);

        Assert.DoesNotContain("Before and after", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Policy change", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart timeline\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_and_denial_reasons_are_listed_with_their_counts()
    {
        var html = BriefPage.Render(Brief(), Nonce, null);

        Assert.Contains("<tr><th scope=\"row\">Home</th><td class=\"num\">8</td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">0</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Telehealth</th>", html, StringComparison.Ordinal);
        Assert.Contains("<li><span>Setting not covered</span> <b>3</b></li><li><span>Provider not licensed</span> <b>1</b></li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_and_quotes_with_markup_appear_only_escaped()
    {
        var quote = new BriefQuote("2025-06", "family", "home", "denied", "es", "<script>alert(2)</script> & \"><img src=x onerror=alert(3)>");
        var html = BriefPage.Render(Brief("<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>", [quote]), Nonce, "\"><b>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1>&lt;img src=x onerror=alert(1)&gt; — &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote lang=\"es\"><p>&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;&gt;&lt;img src=x onerror=alert(3)&gt;</p></blockquote>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\sstyle\s*="), html);
    }

    [Fact]
    public void Quotes_are_shown_with_who_where_what_and_when()
    {
        var html = BriefPage.Render(Brief(quotes: [new BriefQuote("2025-06", "ibclc", "home", "covered-in-full", null, "They paid at last.")]), Nonce, null);

        Assert.Contains("<blockquote><p>They paid at last.</p></blockquote><figcaption>— IBCLC, Home, In full, Jun 2025</figcaption>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_narratives_with_consent_to_quote_are_quoted_most_recent_first_and_at_most_five()
    {
        var reports = new List<StoredReport>
        {
            Stored("2025-01", "Consented in January.", consent: true),
            Stored("2025-02", "Not consented.", consent: false),
            Stored("2025-03", "Consent not given either way.", consent: null),
            Stored("2025-04", "   ", consent: true),
            Stored("2025-05", null, consent: true),
            Stored("2025-06", "Consented in June.", consent: true),
            Stored("2025-07", "Consented in July, office.", consent: true, setting: "office"),
            Stored("2025-08", "Consented in August.", consent: true),
            Stored("2025-09", "Consented in September.", consent: true),
            Stored("2025-10", "Consented in October, from Rhode Island.", consent: true, state: "RI"),
        };

        var all = PlanBriefService.SelectQuotes(reports, StatsFilter.None, []);
        var home = PlanBriefService.SelectQuotes(reports, new StatsFilter(Setting: "home", State: "MA"), []);

        Assert.Equal(["2025-10", "2025-09", "2025-08", "2025-07", "2025-06"], all.Select(q => q.ServiceMonth));
        Assert.Equal(["Consented in September.", "Consented in August.", "Consented in June.", "Consented in January."], home.Select(q => q.Text));
        Assert.DoesNotContain(all.Concat(home), q => q.Text.Contains("Not consented", StringComparison.Ordinal) || q.Text.Contains("either way", StringComparison.Ordinal));
    }

    [Fact]
    public void Quotes_are_scrubbed_and_shortened()
    {
        var narrative = "My name is Jane Doe, call (617) 555-0123. " + string.Join(' ', Enumerable.Repeat("The plan would not pay for the home visit.", 20));

        var quote = Assert.Single(PlanBriefService.SelectQuotes([Stored("2025-06", narrative, consent: true)], StatsFilter.None, []));

        Assert.StartsWith("My name is [name], call [phone]. The plan", quote.Text, StringComparison.Ordinal);
        Assert.True(quote.Text.Length <= PlanBriefService.MaxQuoteLength);
        Assert.EndsWith("…", quote.Text, StringComparison.Ordinal);
    }

    private static StoredReport Stored(string month, string? narrative, bool? consent, string setting = "home", string state = "MA")
        => new(Guid.NewGuid().ToString(), PageData.Report(month, setting) with { Narrative = narrative, ConsentToQuote = consent, State = state }, DateTimeOffset.UnixEpoch, 1);
}
