using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Survey.Shared.Forms;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Browser;

/// <summary>
/// The report form in Debian's Chromium: filled and sent in each language with and without JavaScript and found
/// counted, errors next to their fields with what was typed kept, the draft kept over a reload and a closed tab,
/// the plan picker, and axe's WCAG 2.1 A/AA rules at desktop and 320 px. Any console or page error fails a test
/// (a CSP violation is a console error); screenshots go to artifacts/screenshots.
/// </summary>
[Trait("Category", "Browser")]
[Collection(ServiceGroup.Name)]
public sealed class ReportFormBrowserTests(ServiceFixture fixture)
{
    /// <summary>The console line Chromium writes for any 4xx answer, also one a test asked for.</summary>
    private const string Expected400 = "status of 400";
    private const string Hostile = "<script>alert(1)</script> \"Acme\" & Sons";

    private static readonly string Screenshots = Path.Combine(Repository.Root, "artifacts", "screenshots");
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task A_report_sent_with_javascript_is_thanked_without_a_reload_and_counted(string language)
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(390, 844);
        await page.GotoAsync(Url($"/api/form?lang={language}"));
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(FormTexts.Get(language, "page.title"), await page.InnerTextAsync("h1"));
        var insurer = SampleReports.UniqueInsurer($"JS {language}");

        await FillAsync(page, insurer, "Gold");
        await page.FillAsync("#f-outOfPocketUsd", language == "en" ? "$120.50" : "120,50");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));

        Assert.Equal(202, answer.Status);
        // The script posts the form as it is and asks for JSON: the amount is read by the server alone.
        Assert.Equal("application/x-www-form-urlencoded;charset=UTF-8", (await answer.Request.AllHeadersAsync())["content-type"]);
        var sent = FormValues.Parse(answer.Request.PostData!);
        Assert.Equal(language, sent.Get("language"));
        Assert.True(Guid.TryParse(sent.Get("submissionId"), out _));
        Assert.Equal(language == "en" ? "$120.50" : "120,50", sent.Get("outOfPocketUsd"));
        await page.Locator("#thanks").WaitForAsync();
        Assert.Contains(FormTexts.Get(language, "thanks.title"), await page.InnerTextAsync("#thanks"), StringComparison.Ordinal);
        var code = (string?)(await answer.JsonAsync())!.Value.GetProperty("withdrawalCode").GetString();
        Assert.Matches("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$", code);
        Assert.True(await page.Locator("#withdrawal").IsVisibleAsync());
        Assert.Equal(code, await page.InnerTextAsync("#withdrawal-code"));
        Assert.DoesNotContain(code!, await page.EvaluateAsync<string>("JSON.stringify(localStorage)"), StringComparison.Ordinal);
        Assert.EndsWith($"/api/form?lang={language}", page.Url, StringComparison.Ordinal);
        Assert.False(await page.Locator("#report-form").IsVisibleAsync());
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('survey.reportDraft.v1')"));

        var counted = await AssertCountedAsync(insurer, "Gold");
        Assert.Equal(120.5m, (decimal)counted["outOfPocket"]!["meanUsd"]!);
        browser.AssertNoErrors();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task A_report_sent_without_javascript_is_thanked_in_its_language_and_counted(string language)
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(320, 640, javaScript: false);
        await page.GotoAsync(Url($"/api/form?lang={language}"));
        Assert.False(await page.Locator("#plan-search").IsVisibleAsync());
        var insurer = SampleReports.UniqueInsurer($"No JS {language}");

        await FillAsync(page, insurer, "Silver");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/x-www-form-urlencoded", (await answer.Request.AllHeadersAsync())["content-type"], StringComparison.Ordinal);
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(FormTexts.Get(language, "thanks.title"), await page.InnerTextAsync("h1"));
        await AssertFitsAsync(page, 320);
        await page.ScreenshotAsync(new() { Path = Shot($"form-thanks-{language}-320.png"), FullPage = true });

        await AssertCountedAsync(insurer, "Silver");
        browser.AssertNoErrors();
    }

    [SkippableTheory]
    [InlineData(true, "es")]
    [InlineData(false, "pt")]
    [InlineData(true, "en")]
    [InlineData(false, "en")]
    public async Task Invalid_answers_show_each_error_next_to_its_field_with_everything_typed_kept(bool javaScript, string language)
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(320, 700, javaScript);
        await page.GotoAsync(Url($"/api/form?lang={language}"));
        const string story = "Line one\nLine two with <b>tags</b>";

        await page.CheckAsync("#f-reporterRole-family");
        await page.SelectOptionAsync("#f-state", "MA");
        await page.FillAsync("#f-insurer", Hostile);
        await page.CheckAsync("#f-outcome-covered-in-full");
        await page.SelectOptionAsync("#f-denialReason", "visit-limit");
        await page.FillAsync("#f-outOfPocketUsd", "lots");
        await page.FillAsync("#f-contactEmail", "nobody");
        await page.FillAsync("#f-narrative", story);
        await page.CheckAsync("#f-advocacyActions-legislator");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        await page.Locator("#error-summary").WaitForAsync();

        Assert.Equal(400, answer.Status);
        Assert.Equal("error-summary", await ActiveIdAsync(page));
        var expected = new Dictionary<string, string>
        {
            ["setting"] = FormTexts.Get(language, "error.required.setting"),
            ["serviceMonth"] = FormTexts.Get(language, "error.required.serviceMonth"),
            ["denialReason"] = FormTexts.Get(language, "error.denial-only-when-denied"),
            ["outOfPocketUsd"] = FormTexts.Get(language, "error.number"),
            ["contactEmail"] = FormTexts.Get(language, "error.email"),
        };
        foreach (var (field, message) in expected)
        {
            var error = page.Locator($"[data-field={field}] #f-{field}-error");
            Assert.True(await error.IsVisibleAsync(), $"{field}: its error is shown in its box");
            Assert.Equal(FormTexts.Get(language, "error.prefix") + " " + message, (await error.InnerTextAsync()).Trim());
            var described = page.Locator($"[data-field={field}] [aria-describedby~=f-{field}-error]");
            Assert.Equal(1, await described.CountAsync());
            Assert.Contains(message, await page.InnerTextAsync("#error-summary"), StringComparison.Ordinal);
        }

        Assert.Equal("true", await page.GetAttributeAsync("#f-contactEmail", "aria-invalid"));
        Assert.Equal(5, await page.Locator("#error-summary li").CountAsync());

        // What was typed is all there, as text.
        Assert.Equal(Hostile, await page.InputValueAsync("#f-insurer"));
        Assert.Equal(story, await page.InputValueAsync("#f-narrative"));
        Assert.Equal("lots", await page.InputValueAsync("#f-outOfPocketUsd"));
        Assert.Equal("nobody", await page.InputValueAsync("#f-contactEmail"));
        Assert.Equal("MA", await page.InputValueAsync("#f-state"));
        Assert.Equal("visit-limit", await page.InputValueAsync("#f-denialReason"));
        Assert.True(await page.IsCheckedAsync("#f-reporterRole-family"));
        Assert.True(await page.IsCheckedAsync("#f-outcome-covered-in-full"));
        Assert.True(await page.IsCheckedAsync("#f-advocacyActions-legislator"));
        Assert.Equal(0, await page.Locator("b").CountAsync());
        await page.ScreenshotAsync(new() { Path = Shot($"form-errors-{language}-{(javaScript ? "js" : "nojs")}-320.png"), FullPage = true });

        // The summary's link takes the keyboard to the field.
        await page.ClickAsync($"#error-summary a[href='#f-contactEmail']");
        Assert.Equal("f-contactEmail", await page.EvaluateAsync<string>("document.activeElement.id"));

        // Put right, it goes through.
        await page.CheckAsync("#f-setting-office");
        await page.FillAsync("#f-serviceMonth", "2025-05");
        await page.SelectOptionAsync("#f-denialReason", string.Empty);
        await page.FillAsync("#f-outOfPocketUsd", "40");
        await page.FillAsync("#f-contactEmail", "parent@example.org");
        var insurer = SampleReports.UniqueInsurer("Fixed " + language);
        await page.FillAsync("#f-insurer", insurer);
        var second = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();

        Assert.Equal(javaScript ? 202 : 200, second.Status);

        // With script the page renders the thank-you itself after the 202: wait for it (a loaded machine is slow), then read it.
        await page.Locator("main").GetByText(FormTexts.Get(language, "thanks.title")).First.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains(FormTexts.Get(language, "thanks.title"), await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertCountedAsync(insurer, null);
        browser.AssertNoErrors(Expected400);
    }

    [SkippableFact]
    public async Task A_reload_or_a_closed_tab_midway_restores_the_draft_and_start_over_clears_it()
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(390, 844);
        await page.GotoAsync(Url("/api/form?lang=pt"));
        var submissionId = await page.InputValueAsync("input[name=submissionId]");

        await page.CheckAsync("#f-reporterRole-ibclc");
        await page.FillAsync("#f-insurer", "Operadora Meio Caminho");
        await page.SelectOptionAsync("#f-planType", "medicaid");
        await page.CheckAsync("#f-advocacyActions-formal-appeal");
        await page.FillAsync("#f-narrative", "Começamos a escrever e a bateria acabou…");
        await page.ReloadAsync();

        Assert.True(await page.Locator("#draft-restored").IsVisibleAsync());
        Assert.Equal(FormTexts.Get("pt", "draft.restored"), (await page.InnerTextAsync("#draft-restored p")).Trim());
        Assert.True(await page.IsCheckedAsync("#f-reporterRole-ibclc"));
        Assert.Equal("Operadora Meio Caminho", await page.InputValueAsync("#f-insurer"));
        Assert.Equal("medicaid", await page.InputValueAsync("#f-planType"));
        Assert.True(await page.IsCheckedAsync("#f-advocacyActions-formal-appeal"));
        Assert.Equal("Começamos a escrever e a bateria acabou…", await page.InputValueAsync("#f-narrative"));
        Assert.Equal(submissionId, await page.InputValueAsync("input[name=submissionId]"));
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Shot("form-draft-restored-390.png") });

        // A closed tab loses nothing either: the next one, in another language, has the answers.
        await page.CloseAsync();
        var next = await page.Context.NewPageAsync();
        await next.GotoAsync(Url("/api/form?lang=es"));
        Assert.Equal("Operadora Meio Caminho", await next.InputValueAsync("#f-insurer"));
        Assert.Equal(submissionId, await next.InputValueAsync("input[name=submissionId]"));
        Assert.Equal("es", await next.InputValueAsync("input[name=language]"));

        await next.ClickAsync("#start-over");
        Assert.Equal(string.Empty, await next.InputValueAsync("#f-insurer"));
        Assert.Equal(string.Empty, await next.InputValueAsync("#f-narrative"));
        Assert.False(await next.IsCheckedAsync("#f-reporterRole-ibclc"));
        Assert.NotEqual(submissionId, await next.InputValueAsync("input[name=submissionId]"));
        Assert.False(await next.Locator("#draft-restored").IsVisibleAsync());
        await next.ReloadAsync();
        Assert.Equal(string.Empty, await next.InputValueAsync("#f-insurer"));
        Assert.False(await next.Locator("#draft-restored").IsVisibleAsync());
        browser.AssertNoErrors();
    }

    [SkippableFact]
    public async Task Picking_a_plan_in_the_type_ahead_fills_the_insurer_and_plan()
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        using var plans = await fixture.Client.GetAsync("/api/plans");
        var plan = (await plans.Content.ReadFromJsonAsync<JsonObject>())!["plans"]!.AsArray().First(p => p!["plan"] is not null)!;
        var label = $"{plan["insurer"]} — {plan["plan"]}";
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(1280, 900);
        await page.GotoAsync(Url("/api/form"));

        await page.Locator("#plan-search").WaitForAsync();
        Assert.True(await page.Locator($"#plan-options option[value=\"{label}\"]").CountAsync() == 1, label);
        await page.FillAsync("#plan-search", label);

        Assert.Equal((string?)plan["insurer"], await page.InputValueAsync("#f-insurer"));
        Assert.Equal((string?)plan["plan"], await page.InputValueAsync("#f-plan"));

        // Not listed: the boxes take any name.
        await page.FillAsync("#f-insurer", "A small plan nobody lists");
        await page.FillAsync("#f-plan", string.Empty);
        Assert.Equal("A small plan nobody lists", await page.InputValueAsync("#f-insurer"));
        browser.AssertNoErrors();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task The_form_has_no_wcag_2_1_a_or_aa_violations_at_desktop_and_320_px_and_with_errors_shown(string language)
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        foreach (var (screen, width, height) in new[] { ("desktop", 1280, 900), ("320", 320, 640) })
        {
            var page = await browser.OpenAsync(width, height);
            await page.GotoAsync(Url($"/api/form?lang={language}"));
            await page.Locator("#plan-search").WaitForAsync();

            await AssertAccessibleAsync(page);
            await AssertFitsAsync(page, width);
            await page.ScreenshotAsync(new() { Path = Shot($"form-{language}-{screen}.png"), FullPage = true });
            await page.ScreenshotAsync(new() { Path = Shot($"form-{language}-{screen}-top.png") });

            await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));
            await page.Locator("#error-summary").WaitForAsync();
            await AssertAccessibleAsync(page);
            await AssertFitsAsync(page, width);
            await page.ScreenshotAsync(new() { Path = Shot($"form-{language}-{screen}-errors.png") });
        }

        // The page as served to a browser without script: axe itself needs script, so the form's script is left out instead.
        var plain = await browser.OpenAsync(320, 640);
        await plain.RouteAsync("**/api/form/assets/form.js*", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = "// left out" }));
        await plain.GotoAsync(Url($"/api/form?lang={language}"));
        Assert.False(await plain.Locator("#plan-search").IsVisibleAsync());
        await AssertAccessibleAsync(plain);
        var posted = await plain.RunAndWaitForResponseAsync(() => plain.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));
        Assert.StartsWith("application/x-www-form-urlencoded", (await posted.Request.AllHeadersAsync())["content-type"], StringComparison.Ordinal);
        await plain.Locator("#error-summary").WaitForAsync();
        await AssertAccessibleAsync(plain);
        await plain.ScreenshotAsync(new() { Path = Shot($"form-{language}-320-errors-nojs.png") });
        browser.AssertNoErrors(Expected400);
    }

    [SkippableFact]
    public async Task The_withdraw_page_passes_axe_at_320_px_and_answers_in_its_language()
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(320, 640);
        await page.GotoAsync(Url("/api/withdraw?lang=pt"));
        Assert.Equal(FormTexts.Get("pt", "withdraw.title"), await page.InnerTextAsync("h1"));
        await AssertAccessibleAsync(page);
        await AssertFitsAsync(page, 320);

        await page.FillAsync("#withdrawal-code-input", "ABCD-1234");
        var wrong = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/api/reports/withdraw", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        Assert.Equal(400, wrong.Status);
        Assert.Contains(FormTexts.Get("pt", "withdraw.invalid"), await page.InnerTextAsync("#withdrawal-code-error"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await AssertFitsAsync(page, 320);
        await page.ScreenshotAsync(new() { Path = Shot("withdraw-pt-320-error.png"), FullPage = true });

        await page.FillAsync("#withdrawal-code-input", "abcd efgh ijkl mnop qrst uvwx yz23 4567");
        var done = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/api/reports/withdraw", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        Assert.Equal(200, done.Status);
        Assert.Equal(FormTexts.Get("pt", "withdraw.done.title"), await page.InnerTextAsync("h1"));
        await AssertAccessibleAsync(page);
        browser.AssertNoErrors(Expected400);
        await fixture.WaitForQueueDrainedAsync();
    }

    [SkippableFact]
    public async Task The_form_can_be_answered_and_sent_with_the_keyboard_alone()
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(1280, 900);
        await page.GotoAsync(Url("/api/form?lang=en"));
        await page.Locator("#plan-search").WaitForAsync();
        var insurer = SampleReports.UniqueInsurer("Keyboard");

        // From the page's start: the three language links, then the first question.
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("f-reporterRole-ibclc", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("f-state", await ActiveIdAsync(page));
        await page.Keyboard.TypeAsync("Massachusetts");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("plan-search", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("f-insurer", await ActiveIdAsync(page));
        await page.Keyboard.TypeAsync(insurer);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("f-serviceMonth", await ActiveIdAsync(page));
        // A month input is a month and a year field: the arrow keys set each (here, to this month).
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowUp");
        Assert.Matches("^[0-9]{4}-[0-9]{2}$", await page.InputValueAsync("#f-serviceMonth"));
        while (await ActiveIdAsync(page) != "f-setting-home")
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("f-setting-office", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("f-outcome-covered-in-full", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Space");
        var outline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle");
        Assert.Equal("solid", outline);

        await page.FocusAsync("#send");
        var answer = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));

        Assert.True(answer.Status == 202, $"{answer.Status}: {answer.Request.PostData} -> {await answer.TextAsync()}");
        await page.Locator("#thanks").WaitForAsync();
        Assert.Equal("thanks", await ActiveIdAsync(page));
        await AssertCountedAsync(insurer, null);
        browser.AssertNoErrors();
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement ? document.activeElement.id : ''");

    private static async Task FillAsync(IPage page, string insurer, string? plan)
    {
        await page.CheckAsync("#f-reporterRole-ibclc");
        await page.SelectOptionAsync("#f-state", "MA");
        await page.FillAsync("#f-insurer", insurer);
        if (plan is not null)
        {
            await page.FillAsync("#f-plan", plan);
        }

        await page.FillAsync("#f-serviceMonth", "2025-06");
        await page.CheckAsync("#f-setting-home");
        await page.CheckAsync("#f-outcome-denied");
        await page.SelectOptionAsync("#f-denialReason", "setting-not-covered");
        await page.SelectOptionAsync("#f-priorAuthorizationRequired", "no");
        await page.CheckAsync("#f-advocacyActions-called-insurer");
        await page.FillAsync("#f-narrative", "Home visit on day 4; the claim was denied.");
        await page.CheckAsync("#f-consentToQuote");
    }

    private async Task<JsonObject> AssertCountedAsync(string insurer, string? plan)
    {
        await fixture.WaitForQueueDrainedAsync();
        var stats = await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKeys.Unverified(insurer, plan)), p => p is not null, "the form's report is counted");
        Assert.Equal(1, (int)stats!["reports"]!);
        Assert.Equal(insurer, (string?)stats["insurer"]);
        return stats!;
    }

    internal static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.NotEmpty(result.Passes);
    }

    internal static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var widest = scrollWidth <= width ? string.Empty : await page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')",
            width);
        Assert.True(scrollWidth <= width, $"The page is {scrollWidth} px wide in a {width} px window: {widest}");
    }

    private static string Shot(string name)
    {
        Directory.CreateDirectory(Screenshots);
        return Path.Combine(Screenshots, name);
    }

    private string Url(string pathAndQuery) => new Uri(fixture.Client.BaseAddress!, pathAndQuery).ToString();
}
