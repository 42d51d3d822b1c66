using System.Net;
using System.Net.Http.Json;
using Survey.Shared.Forms;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Browser;

/// <summary>The form in Chromium against a runner whose post budget is already spent: the 429 is explained and the draft kept.</summary>
[Trait("Category", "Browser")]
[Collection(ServiceGroup.Name)]
public sealed class RateLimitBrowserTests(ServiceFixture fixture) : IAsyncLifetime
{
    private InProcessRunner _runner = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _runner = await InProcessRunner.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
        {
                ["Local:CommitteeKeys:tester"] = ServiceFixture.FunctionKey,
                ["Survey:RateLimits:PostPermitLimit"] = "1",
                ["Survey:RateLimits:Window"] = "00:10:00",
        }.Concat(ServiceFixture.SecondRunner));
        _client = _runner.Client;
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [SkippableFact]
    public async Task A_rate_limited_report_sent_with_javascript_shows_a_kind_message_and_keeps_the_draft()
    {
        Skip.IfNot(File.Exists(BrowserSession.Chromium), BrowserSession.NoChromium);

        // The browser is 127.0.0.1 like this client: spend the one post of the window first.
        using (var spent = await _client.PostAsJsonAsync("/api/reports", SampleReports.Valid(SampleReports.UniqueInsurer("Spent"))))
        {
            Assert.Equal(HttpStatusCode.Accepted, spent.StatusCode);
        }

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.OpenAsync(390, 844);
        await page.GotoAsync(new Uri(_client.BaseAddress!, "/api/form?lang=pt").ToString());
        var insurer = SampleReports.UniqueInsurer("Limited");
        await page.CheckAsync("#f-reporterRole-ibclc");
        await page.SelectOptionAsync("#f-state", "MA");
        await page.FillAsync("#f-insurer", insurer);
        await page.FillAsync("#f-serviceMonth", "2025-06");
        await page.CheckAsync("#f-setting-home");
        await page.CheckAsync("#f-outcome-denied");

        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));

        Assert.Equal(429, answer.Status);
        await page.Locator("#form-notice").WaitForAsync();
        Assert.Contains(FormTexts.Get("pt", "error.tooMany"), await page.InnerTextAsync("#form-notice"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#report-form").IsVisibleAsync());
        Assert.Equal(insurer, await page.InputValueAsync("#f-insurer"));
        var draft = await page.EvaluateAsync<string?>("localStorage.getItem('survey.reportDraft.v1')");
        Assert.Contains(insurer, draft ?? string.Empty, StringComparison.Ordinal);
        browser.AssertNoErrors("status of 429");
    }
}
