using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Survey.Shared.Briefs;
using Survey.Shared.Dashboards;
using Survey.Shared.Html;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using PageData = Survey.Tests.Dashboards.PageData;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Browser;

/// <summary>
/// The dashboard and the brief in Debian's Chromium (never a downloaded browser): at desktop and phone
/// widths and as printed, with no console or page errors (a CSP violation is a console error), the hostile
/// names shown as text, and only consented, scrubbed quotes. Screenshots go to artifacts/screenshots.
/// </summary>
[Trait("Category", "Browser")]
[Collection(ServiceGroup.Name)]
public sealed partial class DashboardBrowserTests(ServiceFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string NoChromium = "Chromium is not installed (apt-get install chromium)";
    private const string PlanKey = "tricare-select";
    private const string ChangeMonth = "2025-05";
    private const string HostileInsurer = "<img src=x onerror=alert(1)>";
    private const string HostilePlan = "\"><script>alert(2)</script>";

    private static readonly string Screenshots = Path.Combine(Repository.Root, "artifacts", "screenshots");
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static bool _seeded;

    /// <summary>Details the narratives contain that no page may show.</summary>
    private static readonly string[] Scrubbed =
    [
        "Jane Doe", "Sarah Connor", "555-0123", "jane.doe@example.com", "03/01/2025", "María González", "Rosa", "508-555-0199",
        "Ana Souza", "Beatriz", "508 555 0100", "ana@exemplo.com.br", "14 de marzo", "2 de junho", "NOCONSENT", "sixth one",
    ];

    private static readonly (string Name, int Width, int Height)[] Screens = [("desktop", 1280, 900), ("phone", 360, 740)];

    private static string HostileKey => PlanKeys.Unverified(HostileInsurer, HostilePlan);

    [SkippableFact]
    public async Task The_dashboard_shows_charts_and_typed_names_as_text_at_desktop_and_phone_widths_and_in_print()
    {
        Skip.IfNot(File.Exists(Chromium), NoChromium);
        await SeedAsync();
        await using var browser = await BrowserSession.StartAsync();

        foreach (var (screen, width, height) in Screens)
        {
            var page = await browser.OpenAsync(width, height);
            var response = await GotoSignedInAsync(page, $"/api/dashboard?plan={PlanKey}");

            Assert.Equal(200, response!.Status);
            Assert.StartsWith("default-src 'none'; style-src 'nonce-", response.Headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal(2, await page.Locator("svg.chart").CountAsync());
            Assert.True(await page.Locator("svg.bar").CountAsync() >= 2);
            Assert.Contains("Timeline: TRICARE — TRICARE Select", await page.InnerTextAsync("h2#timeline"), StringComparison.Ordinal);
            var text = await page.InnerTextAsync("body");
            Assert.Contains(HostileInsurer + " — " + HostilePlan, text, StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.Equal(0, await page.Locator("script").CountAsync());
            Assert.Equal(0, await page.Locator("input[name=code]").CountAsync());
            Assert.Equal(1, await page.Locator("form.sign-out button").CountAsync());
            Assert.DoesNotContain(ServiceFixture.FunctionKey, page.Url, StringComparison.Ordinal);
            await AssertFitsAsync(page, width);
            await page.ScreenshotAsync(new() { Path = Shot($"dashboard-{screen}.png"), FullPage = true });
            await page.Locator("section[aria-labelledby=timeline]").ScreenshotAsync(new() { Path = Shot($"dashboard-{screen}-timeline.png") });

            if (screen == "desktop")
            {
                await page.EmulateMediaAsync(new() { Media = Media.Print });
                Assert.False(await page.Locator("form.filters").IsVisibleAsync());
                await page.ScreenshotAsync(new() { Path = Shot("dashboard-print.png"), FullPage = true });
            }

            browser.AssertNoErrors();
        }
    }

    [SkippableFact]
    public async Task After_signing_in_the_filter_form_submits_as_a_plain_get_with_no_secret_in_any_url()
    {
        Skip.IfNot(File.Exists(Chromium), NoChromium);
        await SeedAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(1280, 900);
        await page.GotoAsync(Url("/api/dashboard"));
        Assert.Contains("/api/committee/sign-in?returnTo=%2Fapi%2Fdashboard", page.Url, StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        // A wrong credential: the page again, with the message tied to the field, still accessible.
        await page.FillAsync("input[name=credential]", "not-the-credential-0000");
        await Task.WhenAll(page.WaitForLoadStateAsync(), page.ClickAsync("button[type=submit]"));
        Assert.Equal("true", await page.Locator("input[name=credential]").GetAttributeAsync("aria-invalid"));
        Assert.Contains("not accepted", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        await page.FillAsync("input[name=credential]", ServiceFixture.FunctionKey);
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/api/dashboard$")), page.ClickAsync("button[type=submit]"));

        await page.SelectOptionAsync("select[name=plan]", PlanKey);
        await page.SelectOptionAsync("select[name=setting]", "home");
        await page.FillAsync("input[name=from]", ChangeMonth);
        await Task.WhenAll(page.WaitForURLAsync(new Regex("setting=home")), page.ClickAsync("form.filters button[type=submit]"));

        Assert.DoesNotContain(ServiceFixture.FunctionKey, page.Url, StringComparison.Ordinal);
        Assert.Contains($"from={ChangeMonth}", page.Url, StringComparison.Ordinal);
        Assert.Contains("Only months of service from May 2025, setting: Home.", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        Assert.Equal("home", await page.Locator("select[name=setting]").InputValueAsync());
        // From May home visits are covered in full: no denied segment in the timeline.
        Assert.Equal(0, await page.Locator("svg.chart.timeline rect[data-outcome=denied]").CountAsync());
        Assert.True(await page.Locator("svg.chart.timeline rect[data-outcome=covered-in-full]").CountAsync() >= 4);

        await Task.WhenAll(page.WaitForURLAsync(new Regex("/brief")), page.ClickAsync("text=One-page brief for this plan"));
        Assert.DoesNotContain(ServiceFixture.FunctionKey, page.Url, StringComparison.Ordinal);
        browser.AssertNoErrors("the server responded with a status of 401");
    }

    [SkippableFact]
    public async Task The_brief_marks_the_change_and_quotes_only_consented_scrubbed_narratives_at_every_width_and_in_print()
    {
        Skip.IfNot(File.Exists(Chromium), NoChromium);
        await SeedAsync();
        await using var browser = await BrowserSession.StartAsync();

        foreach (var (screen, width, height) in Screens)
        {
            var page = await browser.OpenAsync(width, height);
            var response = await GotoSignedInAsync(page, $"/api/stats/plans/{PlanKey}/brief?change={ChangeMonth}");

            Assert.Equal(200, response!.Status);
            Assert.Equal("no-referrer", response.Headers["referrer-policy"]);
            Assert.Equal("TRICARE — TRICARE Select", await page.InnerTextAsync("h1"));
            Assert.Equal(1, await page.Locator("svg.chart.timeline").CountAsync());
            Assert.Equal("Policy change from May 2025", await page.TextContentAsync("svg.chart.timeline g.change text"));
            Assert.Contains("Before and after the change from May 2025", await page.InnerTextAsync("section.change h2"), StringComparison.Ordinal);
            var comparison = await page.InnerTextAsync("table.compare");
            // Before May: 13 of 17 decided reports denied (home visits); from May: none of 14.
            Assert.Matches(@"Denied\s+76% \(13 of 17\)\s+0% \(0 of 14\)\s+−76 pts", comparison);

            var quotes = await page.Locator("figure.quote blockquote").AllInnerTextsAsync();
            Assert.Equal(5, quotes.Count);
            Assert.All(quotes, q => Assert.True(q.Length <= 400, q));
            var text = await page.InnerTextAsync("body");
            foreach (var detail in Scrubbed)
            {
                Assert.DoesNotContain(detail, text, StringComparison.Ordinal);
            }

            foreach (var token in new[] { "[name]", "[phone]", "[e-mail]", "DOB [date]" })
            {
                Assert.Contains(token, text, StringComparison.Ordinal);
            }

            Assert.Contains("<script>alert(3)</script>", text, StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.Equal(0, await page.Locator("script").CountAsync());
            Assert.Equal("es", await page.Locator("figure.quote blockquote[lang=es]").First.GetAttributeAsync("lang"));
            await AssertFitsAsync(page, width);
            await page.ScreenshotAsync(new() { Path = Shot($"brief-{screen}.png"), FullPage = true });
            await page.Locator("section.timeline figure").ScreenshotAsync(new() { Path = Shot($"brief-{screen}-timeline.png") });

            if (screen == "desktop")
            {
                await page.EmulateMediaAsync(new() { Media = Media.Print });
                Assert.False(await page.Locator("nav").IsVisibleAsync());
                await page.ScreenshotAsync(new() { Path = Shot("brief-print.png"), FullPage = true });
            }

            browser.AssertNoErrors();
        }
    }

    [SkippableFact]
    public async Task The_brief_prints_on_one_letter_page()
    {
        Skip.IfNot(File.Exists(Chromium), NoChromium);
        await SeedAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(1280, 900);
        await GotoSignedInAsync(page, $"/api/stats/plans/{PlanKey}/brief?change={ChangeMonth}");

        var pdf = await page.PdfAsync(new() { Format = "Letter", PreferCSSPageSize = true, PrintBackground = true });
        Directory.CreateDirectory(Screenshots);
        await File.WriteAllBytesAsync(Path.Combine(Screenshots, "brief.pdf"), pdf);

        Assert.Equal(1, PdfPages().Count(Encoding.Latin1.GetString(pdf)));
        browser.AssertNoErrors();
    }

    [SkippableFact]
    public async Task A_brief_with_every_setting_reason_and_action_and_five_long_quotes_still_prints_on_one_page()
    {
        Skip.IfNot(File.Exists(Chromium), NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(1280, 900);
        await page.SetContentAsync(BriefPage.Render(FullestBrief(), HtmlPage.NewNonce(), "a-session-csrf-token"));

        var pdf = await page.PdfAsync(new() { Format = "Letter", PreferCSSPageSize = true, PrintBackground = true });
        await File.WriteAllBytesAsync(Shot("brief-fullest.pdf"), pdf);

        Assert.Equal(1, PdfPages().Count(Encoding.Latin1.GetString(pdf)));
        browser.AssertNoErrors();
    }

    [SkippableFact]
    public async Task A_plan_with_a_hostile_name_has_a_brief_that_shows_it_as_text()
    {
        Skip.IfNot(File.Exists(Chromium), NoChromium);
        await SeedAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(360, 740);

        var response = await GotoSignedInAsync(page, $"/api/stats/plans/{HostileKey}/brief");

        Assert.Equal(200, response!.Status);
        Assert.Equal(HostileInsurer + " — " + HostilePlan, await page.InnerTextAsync("h1"));
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        await AssertFitsAsync(page, 360);
        await page.ScreenshotAsync(new() { Path = Shot("brief-hostile-phone.png"), FullPage = true });
        browser.AssertNoErrors();
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var widest = scrollWidth <= width ? string.Empty : await page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')",
            width);
        Assert.True(scrollWidth <= width, $"The page is {scrollWidth} px wide in a {width} px window: {widest}");
    }

    private static string Shot(string name)
    {
        Directory.CreateDirectory(Screenshots);
        return Path.Combine(Screenshots, name);
    }

    private string Url(string pathAndQuery) => new Uri(fixture.Client.BaseAddress!, pathAndQuery).ToString();

    /// <summary>Reports over eight months: home visits denied until April 2025, covered in full from May; narratives with and without consent.</summary>
    private async Task SeedAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            var reports = new List<JsonObject>();
            foreach (var month in new[] { "2025-01", "2025-02", "2025-03", "2025-04" })
            {
                reports.Add(Report(month, "home", "denied", r =>
                {
                    r["denialReason"] = "setting-not-covered";
                    r["toldCoveredBeforehand"] = "yes";
                    r["priorAuthorizationRequired"] = "yes";
                    r["outOfPocketUsd"] = 185;
                    r["advocacyActions"] = new JsonArray("called-insurer", "employer-hr");
                }));
                reports.Add(Report(month, "home", "denied", r => r["denialReason"] = "provider-not-licensed"));
                reports.Add(Report(month, "office", "covered-in-full", r => r["priorAuthorizationRequired"] = "no"));
            }

            foreach (var month in new[] { "2025-05", "2025-06", "2025-07", "2025-08" })
            {
                reports.Add(Report(month, "home", "covered-in-full", r =>
                {
                    r["priorAuthorizationRequired"] = "no";
                    r["outOfPocketUsd"] = 0;
                }));
                reports.Add(Report(month, "home", "covered-in-full", r => r["toldCoveredBeforehand"] = "yes"));
                reports.Add(Report(month, "office", month == "2025-08" ? "pending" : "covered-with-cost-share", r => r["outOfPocketUsd"] = 30));
            }

            reports.Add(Quoted("2025-08", "en", """
                My name is Jane Doe. Our IBCLC, Sarah Connor, came to our home when the twins were five days old. Call me at (617) 555-0123
                or jane.doe@example.com if the committee needs more. Baby's DOB 03/01/2025. This time TRICARE paid the home visit in full
                and nobody asked for a prior authorization. It made all the difference for feeding two babies at home, and I want other
                families to know the plan covers it now. Before, we had been told it was covered, and then it was denied.
                """));
            reports.Add(Quoted("2025-07", "es", "Me llamo María González. La enfermera Rosa nos visitó en casa el 14 de marzo de 2025 y el plan pagó todo. Mi teléfono es 508-555-0199."));
            reports.Add(Quoted("2025-06", "pt", "Meu nome é Ana Souza. A consultora Beatriz veio em casa no dia 2 de junho de 2025. Telefone +1 508 555 0100, e-mail ana@exemplo.com.br. O plano cobriu."));
            reports.Add(Quoted("2025-03", "en", "<script>alert(3)</script> They said home visits are not a covered setting <img src=x onerror=alert(4)> even though the office had no appointment for three weeks."));
            reports.Add(Quoted("2025-02", "en", string.Join(' ', Enumerable.Repeat("We were told on the phone that home visits were covered, and then the claim came back denied because the setting was not covered.", 5))));
            reports.Add(Quoted("2025-04", "en", "NOCONSENT: Patricia Hill wrote this without consent.", consent: false));
            reports.Add(Quoted("2025-04", "en", "NOCONSENT either: consent was never asked.", consent: null));
            reports.Add(Quoted("2025-01", "en", "An older consented story that is the sixth one, so it is left out.", consent: true));

            var hostile = SampleReports.Valid(HostileInsurer, HostilePlan, setting: "home", outcome: "denied", month: "2025-03");
            hostile["narrative"] = "The plan <b>denied</b> & said \"no\".";
            hostile["consentToQuote"] = true;
            reports.Add(hostile);
            reports.Add(SampleReports.Valid(HostileInsurer, HostilePlan, setting: "office", outcome: "covered-in-full", month: "2025-04"));

            foreach (var report in reports)
            {
                using var response = await fixture.Client.PostAsJsonAsync("/api/reports", report);
                Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            }

            await fixture.WaitForQueueDrainedAsync();
            await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKey), p => p is not null && (int)p["reports"]! >= 32, "the seeded reports are counted");
            await Eventually.ReadAsync(() => fixture.PlanAsync(HostileKey), p => p is not null && (int)p["reports"]! >= 2, "the hostile plan's reports are counted");
            _seeded = true;
        }
        finally
        {
            SeedLock.Release();
        }

        static JsonObject Report(string month, string setting, string outcome, Action<JsonObject>? more = null)
        {
            var report = SampleReports.Valid("TRICARE", "Select", setting, outcome, month, role: "family");
            report["planType"] = "tricare";
            more?.Invoke(report);
            return report;
        }

        static JsonObject Quoted(string month, string language, string narrative, bool? consent = true)
            => Report(month, "home", string.CompareOrdinal(month, ChangeMonth) < 0 ? "denied" : "covered-in-full", r =>
            {
                r["narrative"] = narrative;
                r["language"] = language;
                if (consent is not null)
                {
                    r["consentToQuote"] = consent;
                }

                if (string.CompareOrdinal(month, ChangeMonth) < 0)
                {
                    r["denialReason"] = "setting-not-covered";
                }
            });
    }

    /// <summary>The most a brief can hold: two years of months, every setting, outcome, denial reason and action, the longest names, five quotes of the longest length.</summary>
    private static PlanBrief FullestBrief()
    {
        var reports = new List<Report>();
        var month = new DateOnly(2023, 9, 1);
        for (var i = 0; i < 24; i++, month = month.AddMonths(1))
        {
            var serviceMonth = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            for (var j = 0; j < 3 + (i % 5); j++)
            {
                var outcome = ReportSchema.Outcomes[(i + j) % ReportSchema.Outcomes.Length];
                reports.Add(new Report
                {
                    ReporterRole = ReportSchema.ReporterRoles[j % 3],
                    State = "MA",
                    Insurer = "Acme",
                    ServiceMonth = serviceMonth,
                    Setting = ReportSchema.Settings[(i + (2 * j)) % ReportSchema.Settings.Length],
                    Outcome = outcome,
                    PriorAuthorizationRequired = ReportSchema.YesNoUnknown[j % 3],
                    ToldCoveredBeforehand = ReportSchema.YesNoUnknown[(i + j) % 3],
                    DenialReason = outcome is "denied" or "partially-covered" ? ReportSchema.DenialReasons[(i + j) % ReportSchema.DenialReasons.Length] : null,
                    AdvocacyActions = [ReportSchema.AdvocacyActions[(i + j) % ReportSchema.AdvocacyActions.Length]],
                    OutOfPocketUsd = 12.5m * j,
                });
            }
        }

        var plan = PageData.Plan(
            "mass-general-brigham-health-plan-with-mass-general-brigham-aco",
            "Mass General Brigham Health Plan with Mass General Brigham ACO (formerly AllWays Health Partners)",
            "Mass General Brigham Health Plan with Mass General Brigham ACO",
            true,
            reports);
        var change = new PolicyChange("2024-09", PageData.MeasuresOf(reports.Where(r => string.CompareOrdinal(r.ServiceMonth, "2024-09") < 0)), PageData.MeasuresOf(reports.Where(r => string.CompareOrdinal(r.ServiceMonth, "2024-09") >= 0)));
        var longest = string.Join(' ', Enumerable.Repeat("We were told on the phone that home visits were covered, then the claim was denied because the setting was not covered.", 4))[..399] + "…";
        var quotes = Enumerable.Range(0, PlanBriefService.MaxQuotes).Select(i => new BriefQuote("2025-0" + (8 - i), "family", "hospital-outpatient", "covered-with-cost-share", "en", longest)).ToList();
        return new PlanBrief(plan, new StatsFilter(From: "2023-09", To: "2025-08", State: "MA", PlanType: "marketplace", Funding: "self-funded"), change, quotes, DateTimeOffset.UnixEpoch);
    }

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PdfPages();

    /// <summary>
    /// Opens a committee page as a person does: not signed in, the browser lands on the sign-in page, signs in with the
    /// credential once, and is sent back (303) to the page with a session cookie; signed in, the page opens at once.
    /// </summary>
    private async Task<IResponse?> GotoSignedInAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(Url(path));
        if (page.Url.Contains("/api/committee/sign-in", StringComparison.Ordinal))
        {
            await page.FillAsync("input[name=credential]", ServiceFixture.FunctionKey);
            response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.IsNavigationRequest && r.Request.Method == "GET");

            // The page itself, loaded, before anything reads or prints it.
            await page.WaitForURLAsync(url => !url.Contains("/api/committee/sign-in", StringComparison.Ordinal));
            await page.WaitForLoadStateAsync(LoadState.Load);
        }

        Assert.DoesNotContain(ServiceFixture.FunctionKey, page.Url, StringComparison.Ordinal);
        return response;
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help}").ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
