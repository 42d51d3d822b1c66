using System.Text.RegularExpressions;
using Survey.Shared.Dashboards;
using Survey.Shared.Html;
using Survey.Shared.Stats;

namespace Survey.Tests.Dashboards;

public sealed partial class DashboardPageTests
{
    private const string Nonce = "bm9uY2Utb2YtdGhlLXRlc3Q=";
    private const string ScriptName = "<script>alert(1)</script>";
    private const string AttributeName = "\"><img src=x onerror=alert(1)>";

    private static Dashboard Dashboard(StatsFilter? filter = null, string? selected = "acme-ppo")
    {
        var acme = PageData.Plan("acme-ppo", "Acme Health", "PPO", true, PageData.Reversal());
        var hostile = PageData.Plan("unverified-hostile-0123456789", ScriptName, AttributeName, false, [PageData.Report("2025-03", outcome: "denied")]);
        return new Dashboard(filter ?? StatsFilter.None, [acme, hostile], selected, selected == "acme-ppo" ? acme : selected is null ? null : hostile, new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Plan_names_typed_with_markup_appear_only_escaped()
    {
        var html = DashboardPage.Render(Dashboard(selected: "unverified-hostile-0123456789"), Nonce, "key");

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requested_plan_key_with_markup_appears_only_escaped()
    {
        var html = DashboardPage.Render(Dashboard(selected: AttributeName) with { Selected = null }, Nonce, "key");

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The chosen plan has no reports matching these filters.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_has_no_script_no_inline_style_attribute_and_one_stylesheet_with_the_nonce()
    {
        var html = DashboardPage.Render(Dashboard(), Nonce, "key");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(StyleAttribute(), html);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<style"));
        Assert.Contains($"<style nonce=\"{Nonce}\">", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_carry_the_filters_and_no_secret_and_a_signed_in_page_carries_its_sign_out_form()
    {
        var filter = new StatsFilter(From: "2025-01", State: "MA", Setting: "home");
        var html = DashboardPage.Render(Dashboard(filter), Nonce, "csrf&token");

        Assert.DoesNotContain("name=\"code\"", html, StringComparison.Ordinal);
        var links = Regex.Matches(html, "href=\"(/api/[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.DoesNotContain("code=", link, StringComparison.Ordinal));
        Assert.All(links, link => Assert.DoesNotContain("csrf", link, StringComparison.Ordinal));
        Assert.Contains("/api/dashboard?plan=acme-ppo&amp;from=2025-01&amp;state=MA&amp;setting=home#timeline", html, StringComparison.Ordinal);
        Assert.Contains("/api/stats/plans/acme-ppo/brief?from=2025-01&amp;state=MA&amp;setting=home", html, StringComparison.Ordinal);
        Assert.Contains("<form class=\"sign-out no-print\" method=\"post\" action=\"/api/committee/sign-out\"><input type=\"hidden\" name=\"csrf\" value=\"csrf&amp;token\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-out", DashboardPage.Render(Dashboard(filter), Nonce, null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_form_shows_the_current_filters_and_plan()
    {
        var html = DashboardPage.Render(Dashboard(new StatsFilter(From: "2025-01", To: "2025-06", Role: "ibclc")), Nonce, null);

        Assert.Contains("<form class=\"filters no-print\" method=\"get\" action=\"/api/dashboard\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"from\" min=\"2010-01\" value=\"2025-01\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"to\" min=\"2010-01\" value=\"2025-06\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"ibclc\" selected>IBCLC</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"acme-ppo\" selected>Acme Health — PPO (10)</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"code\"", html, StringComparison.Ordinal);
        Assert.Contains("Only months of service Jan 2025 to Jun 2025, reported by IBCLCs.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_shows_each_plan_with_its_outcomes_in_words_and_a_plan_by_setting_table()
    {
        var html = DashboardPage.Render(Dashboard(), Nonce, null);

        Assert.Contains("4 covered in full, 1 covered with cost sharing, 4 denied, 1 pending.", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<svg class=\"bar\""));
        // Acme home: 8 reports, 2 in full of 7 decided; office: 2 of 2.
        Assert.Contains("<td class=\"num\">8<br><span class=\"small muted\">29% in full</span></td><td class=\"num\">2<br><span class=\"small muted\">100% in full</span></td>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tag\">not verified</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timeline_of_the_chosen_plan_has_both_charts_and_a_table_of_months()
    {
        var html = DashboardPage.Render(Dashboard(), Nonce, null);

        Assert.Contains("<h2 id=\"timeline\">Timeline: Acme Health — PPO</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart timeline\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart rates\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Mar 2025</th><td class=\"num\">0</td>", html, StringComparison.Ordinal);
        Assert.Contains("One-page brief for this plan", html, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_reports_the_page_says_so()
    {
        var html = DashboardPage.Render(new Dashboard(StatsFilter.None, [], null, null, DateTimeOffset.UnixEpoch), Nonce, null);

        Assert.Contains("No reports match these filters.", html, StringComparison.Ordinal);
        Assert.Contains("No plan has reports matching these filters.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_security_headers_forbid_scripts_inline_styles_framing_and_referrers()
    {
        var headers = HtmlPage.SecurityHeaders("abc").ToDictionary(h => h.Key, h => h.Value);

        Assert.Equal("default-src 'none'; style-src 'nonce-abc'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.Equal("no-store", headers["Cache-Control"]);
        Assert.NotEqual(HtmlPage.NewNonce(), HtmlPage.NewNonce());
    }

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();
}
