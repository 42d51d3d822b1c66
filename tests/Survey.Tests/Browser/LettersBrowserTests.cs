using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Survey.Shared.Letters;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Browser;

/// <summary>
/// The letters after a report in Debian's Chromium: offered on the thank-you page in each language, at 360 px and
/// on a desktop, with and without JavaScript; holding the report's facts and nothing else typed; printed on one US
/// Letter page; with no axe WCAG 2.1 A/AA violation. Any console or page error (a CSP violation, a dialog) fails.
/// </summary>
[Trait("Category", "Browser")]
[Collection(ServiceGroup.Name)]
public sealed partial class LettersBrowserTests(ServiceFixture fixture)
{
    private const string Email = "letters-browser@example.org";
    private const string Story = "We waited three weeks for help at home.";

    [SkippableTheory]
    [InlineData("en", true, 360)]
    [InlineData("es", true, 1280)]
    [InlineData("pt", true, 360)]
    [InlineData("en", false, 1280)]
    [InlineData("es", false, 360)]
    [InlineData("pt", false, 1280)]
    public async Task A_denied_home_visit_on_a_self_funded_plan_offers_insurer_employer_and_labor_department_letters_that_print_on_one_page(string language, bool javaScript, int width)
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(width, 800, javaScript);
        var insurer = "<img src=x onerror=alert(1)> =SUM(A1) " + SampleReports.UniqueInsurer("Harbor");
        await SendAsync(page, language, insurer, planType: "ppo", funding: "self-funded");

        Assert.Equal(["insurer", "employer", "regulator", "legislators"], await page.Locator(".letter").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.kind)"));
        Assert.Equal("dol-ebsa", await page.GetAttributeAsync("#letter-regulator", "data-recipient"));
        Assert.Equal(0, await page.Locator("[data-recipient=state-insurance]").CountAsync());
        var month = new DateOnly(2025, 6, 1).ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo(language));
        foreach (var kind in new[] { "insurer", "employer", "regulator", "legislators" })
        {
            var text = await page.InputValueAsync($"#letter-{kind}-body");
            Assert.Contains(insurer, text, StringComparison.Ordinal);
            Assert.Contains("Harbor Choice PPO", text, StringComparison.Ordinal);
            Assert.Contains(month, text, StringComparison.Ordinal);
            Assert.Contains("US$240.50", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
            Assert.Equal(kind == "legislators", text.Contains(Story, StringComparison.Ordinal));
        }

        Assert.Equal(javaScript, await page.Locator("#letter-insurer button.copy").IsVisibleAsync());
        var mailto = await page.GetAttributeAsync("#letter-insurer a.mailto", "href");
        Assert.StartsWith("mailto:?subject=", mailto, StringComparison.Ordinal);
        if (javaScript)
        {
            await page.FillAsync("#letter-insurer-body", "Edited text");
            Assert.EndsWith("&body=Edited%20text", await page.GetAttributeAsync("#letter-insurer a.mailto", "href"), StringComparison.Ordinal);
            await page.FillAsync("#letter-regulator-body", (await page.InputValueAsync("#letter-regulator-body")) + "\nP.S. edited in the page");
        }

        await ReportFormBrowserTests.AssertFitsAsync(page, width);
        await page.ScreenshotAsync(new() { Path = Shot($"letters-{language}-{width}-{(javaScript ? "js" : "nojs")}.png"), FullPage = true });
        await AssertAccessibleAsync(browser, page, javaScript);

        var printable = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("#letter-regulator button[name=letter]"));
        await printable.WaitForLoadStateAsync();
        Assert.Contains("Employee Benefits Security Administration", await printable.InnerTextAsync(".letter-to"), StringComparison.Ordinal);
        Assert.Contains(insurer, await printable.InnerTextAsync(".letter-body"), StringComparison.Ordinal);
        Assert.Equal(javaScript, (await printable.InnerTextAsync(".letter-body")).Contains("P.S. edited in the page", StringComparison.Ordinal));
        Assert.Equal(1, await PrintedPagesAsync(printable));
        Assert.True(await PrintedPagesAsync(page) > 1, "the page count sees more than one page of the four letters together");
        browser.AssertNoErrors();
    }

    [SkippableTheory]
    [InlineData("hmo", "fully-insured", "state-insurance", "Massachusetts Division of Insurance")]
    [InlineData("medicaid", "", "medicaid-ombudsman", "MassHealth Ombudsman")]
    public async Task A_fully_insured_plan_offers_the_state_regulator_and_a_medicaid_plan_the_ombudsman(string planType, string funding, string recipient, string to)
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(360, 800, javaScript: false);
        await SendAsync(page, "en", SampleReports.UniqueInsurer("Harbor"), planType, funding);

        Assert.Equal(recipient, await page.GetAttributeAsync("#letter-regulator", "data-recipient"));
        Assert.Contains(to, await page.InnerTextAsync("#letter-regulator .letter-to"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#letter-employer").CountAsync());
        Assert.Equal(0, await page.Locator("[data-recipient=dol-ebsa]").CountAsync());
        browser.AssertNoErrors();
    }

    [SkippableFact]
    public async Task A_report_is_thanked_and_counted_when_its_letters_cannot_be_prepared()
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(360, 800);
        await page.RouteAsync("**/api/letters", route => route.FulfillAsync(new() { Status = 500, ContentType = "application/problem+json", Body = "{}" }));
        var insurer = SampleReports.UniqueInsurer("Letters Down");

        var letters = await page.RunAndWaitForResponseAsync(() => SendAsync(page, "en", insurer, "ppo", "self-funded", waitForLetters: false), r => r.Url.EndsWith(LettersPage.Path, StringComparison.Ordinal));

        Assert.Equal(500, letters.Status);
        Assert.True(await page.Locator("#thanks").IsVisibleAsync());
        Assert.True(await page.Locator("#withdrawal").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#letters").CountAsync());
        await fixture.WaitForQueueDrainedAsync();
        var stats = await Eventually.ReadAsync(() => fixture.PlanAsync(Survey.Shared.Plans.PlanKeys.Unverified(insurer, "Harbor Choice PPO")), p => p is not null, "the report is counted");
        Assert.Equal(1, (int)stats!["reports"]!);
        browser.AssertNoErrors("status of 500");
    }

    /// <summary>Fills and sends the form as a family, and waits for the letters on the thank-you page.</summary>
    private async Task SendAsync(IPage page, string language, string insurer, string planType, string funding, bool waitForLetters = true)
    {
        await page.GotoAsync(Url($"/api/form?lang={language}"));
        await page.CheckAsync("#f-reporterRole-family");
        await page.SelectOptionAsync("#f-state", "MA");
        await page.FillAsync("#f-insurer", insurer);
        await page.FillAsync("#f-plan", "Harbor Choice PPO");
        await page.FillAsync("#f-serviceMonth", "2025-06");
        await page.CheckAsync("#f-setting-home");
        await page.CheckAsync("#f-outcome-denied");
        await page.SelectOptionAsync("#f-planType", planType);
        await page.SelectOptionAsync("#f-funding", funding);
        await page.FillAsync("#f-employer", "Gull Point Shipyard");
        await page.SelectOptionAsync("#f-denialReason", "setting-not-covered");
        await page.SelectOptionAsync("#f-toldCoveredBeforehand", "yes");
        await page.FillAsync("#f-outOfPocketUsd", language == "en" ? "$240.50" : "240,50");
        await page.FillAsync("#f-narrative", Story);
        await page.FillAsync("#f-contactEmail", Email);
        await page.ClickAsync("#send");
        await page.Locator(waitForLetters ? "#letters" : "#thanks").WaitForAsync();
    }

    /// <summary>axe on the page; a page without script is checked as served, in a page whose script is left out (axe needs script).</summary>
    private async Task AssertAccessibleAsync(BrowserSession browser, IPage page, bool javaScript)
    {
        if (javaScript)
        {
            await ReportFormBrowserTests.AssertAccessibleAsync(page);
            return;
        }

        var html = await page.ContentAsync();
        var served = await browser.OpenAsync(360, 800);
        await served.RouteAsync("**/api/form/assets/form.js*", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = "// left out" }));
        await served.RouteAsync("**/letters-as-served", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await served.GotoAsync(Url("/letters-as-served"));
        await ReportFormBrowserTests.AssertAccessibleAsync(served);
    }

    /// <summary>The page printed to PDF on US Letter paper, as print CSS lays it out; its number of pages.</summary>
    private static async Task<int> PrintedPagesAsync(IPage page)
    {
        var pdf = Encoding.Latin1.GetString(await page.PdfAsync(new() { Format = "Letter" }));
        return PdfPage().Count(pdf);
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PdfPage();

    private static string Shot(string name)
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private string Url(string pathAndQuery) => new Uri(fixture.Client.BaseAddress!, pathAndQuery).ToString();
}
