using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Shared.Forms;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

[Collection(ServiceGroup.Name)]
public sealed partial class WithdrawalApiTests(ServiceFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Posting_a_report_returns_a_withdrawal_code_with_which_the_report_is_withdrawn()
    {
        var insurer = SampleReports.UniqueInsurer("Withdraw over HTTP");
        var planKey = PlanKeys.Unverified(insurer, null);
        using var kept = await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer, setting: "office"));
        using var posted = await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer, setting: "home", outcome: "denied"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var code = (string?)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["withdrawalCode"];
        Assert.Matches(CodePattern(), code);
        await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null && (int)p["reports"]! == 2, "both reports are counted");

        using var withdrawn = await Client.PostAsJsonAsync("/api/reports/withdraw", new { code = code!.ToLowerInvariant() });

        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        Assert.Equal("queued", (string?)(await withdrawn.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        var plan = await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null && (int)p["reports"]! == 1, "the report is withdrawn");
        Assert.Equal(0, (int?)plan!["bySetting"]!["home"]?["reports"] ?? 0);
        Assert.Equal(0, (int?)plan["outcomes"]?["denied"] ?? 0);
        Assert.Equal(1, (int)plan["bySetting"]!["office"]!["reports"]!);
    }

    [Fact]
    public async Task Withdrawing_with_an_unknown_code_is_accepted_like_any_other_and_a_malformed_one_is_a_problem()
    {
        using var unknown = await Client.PostAsJsonAsync("/api/reports/withdraw", new { code = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567" });
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);

        using var malformed = await Client.PostAsJsonAsync("/api/reports/withdraw", new { code = "not-a-code" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await malformed.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["code"]);

        using var missing = await Client.PostAsJsonAsync("/api/reports/withdraw", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await fixture.WaitForQueueDrainedAsync();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task The_withdraw_page_and_its_answers_are_in_the_chosen_language(string language)
    {
        using var page = await Client.GetAsync($"/api/withdraw?lang={language}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains(Encoded(FormTexts.Get(language, "withdraw.title")), html, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/reports/withdraw\"", html, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var wrong = await Client.PostAsync("/api/reports/withdraw", Form(("language", language), ("code", "1234")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var again = await wrong.Content.ReadAsStringAsync();
        Assert.Contains(Encoded(FormTexts.Get(language, "withdraw.invalid")), again, StringComparison.Ordinal);
        Assert.Contains("value=\"1234\"", again, StringComparison.Ordinal);

        using var done = await Client.PostAsync("/api/reports/withdraw", Form(("language", language), ("code", "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567")));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains(Encoded(FormTexts.Get(language, "withdraw.done.title")), await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await fixture.WaitForQueueDrainedAsync();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("pt")]
    public async Task The_thank_you_page_of_a_form_sent_without_script_shows_the_withdrawal_code_once(string language)
    {
        var insurer = SampleReports.UniqueInsurer("Form withdrawal");
        using var response = await Client.PostAsync("/api/reports", Form(
            ("language", language), ("reporterRole", "family"), ("state", "MA"), ("insurer", insurer), ("serviceMonth", "2025-06"),
            ("setting", "home"), ("outcome", "covered-in-full"), ("website", string.Empty)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(Encoded(FormTexts.Get(language, "thanks.code.label")), html, StringComparison.Ordinal);
        var code = CodeInPage().Match(html);
        Assert.True(code.Success, "the page shows a withdrawal code");
        Assert.Contains($"href=\"/api/withdraw?lang={language}\"", html, StringComparison.Ordinal);

        var planKey = PlanKeys.Unverified(insurer, null);
        await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null, "the report is counted");
        using var withdrawn = await Client.PostAsync("/api/reports/withdraw", Form(("language", language), ("code", code.Groups[1].Value)));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is null, "the report is withdrawn");
    }

    [GeneratedRegex("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("id=\"withdrawal-code\">([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})</code>")]
    private static partial Regex CodeInPage();

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields)
        => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static string Encoded(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);
}
