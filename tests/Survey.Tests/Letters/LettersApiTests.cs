using System.Net;
using Survey.Shared.Forms;
using Survey.Shared.Letters;
using Survey.Tests.Campaigns;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Letters;

/// <summary>Letters over HTTP without a browser: the thank-you pages of the form and of a personal link, and the printable page.</summary>
[Collection(ServiceGroup.Name)]
public sealed class LettersApiTests(ServiceFixture fixture)
{
    private HttpClient Client => fixture.Client;

    internal static Dictionary<string, string> SelfFundedDenial(string insurer, string language = "en") => new()
    {
        ["language"] = language, ["reporterRole"] = "family", ["state"] = "MA", ["insurer"] = insurer, ["plan"] = "Harbor Choice PPO",
        ["serviceMonth"] = "2025-06", ["setting"] = "home", ["outcome"] = "denied", ["planType"] = "ppo", ["funding"] = "self-funded",
        ["employer"] = "Gull Point Shipyard", ["denialReason"] = "setting-not-covered", ["toldCoveredBeforehand"] = "yes", ["outOfPocketUsd"] = "$240.50",
        ["contactEmail"] = "letters-reporter@example.org",
    };

    [Theory]
    [InlineData("/api/reports")]
    [InlineData("personal link")]
    public async Task A_report_sent_without_script_is_thanked_with_the_letters_that_fit_it_and_no_contact_address(string path)
    {
        if (path == "personal link")
        {
            path = "/api/s/" + (await LinkClaimTests.LinkAsync(fixture.App.Services)).Token;
        }

        using var response = await Client.PostAsync(path, new FormUrlEncodedContent(SelfFundedDenial(SampleReports.UniqueInsurer("Letters"))));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 id=\"thanks-title\">" + FormTexts.Get("en", "thanks.title") + "</h1>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"letter-insurer\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"letter-employer\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"letter-regulator\" data-kind=\"regulator\" data-recipient=\"dol-ebsa\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"letter-legislators\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("state-insurance", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/letters\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("letters-reporter@example.org", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_printable_page_of_a_letter_is_recomputed_from_the_post_with_the_text_as_edited()
    {
        var form = SelfFundedDenial("Harbor Mutual Health", "es");
        form["letter"] = "regulator";
        form["subject-regulator"] = "Queja sobre mi plan";
        form["body-regulator"] = "Texto cambiado por la familia <b>sin marcas</b>";

        using var response = await Client.PostAsync(LettersPage.Path, new FormUrlEncodedContent(form));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("U.S. Department of Labor, Employee Benefits Security Administration", html, StringComparison.Ordinal);
        Assert.Contains("<h1 class=\"letter-subject\">Queja sobre mi plan</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Texto cambiado por la familia &lt;b&gt;sin marcas&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_letters_of_a_fully_insured_plan_go_to_the_state_regulator_and_a_letter_that_does_not_fit_is_not_printed()
    {
        var form = SelfFundedDenial("Harbor Mutual Health");
        form["funding"] = "fully-insured";
        using var letters = await Client.PostAsync(LettersPage.Path, new FormUrlEncodedContent(form));
        var html = await letters.Content.ReadAsStringAsync();
        form["letter"] = "employer";
        using var employer = await Client.PostAsync(LettersPage.Path, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.OK, letters.StatusCode);
        Assert.Contains("data-recipient=\"state-insurance\"", html, StringComparison.Ordinal);
        Assert.Contains("Massachusetts Division of Insurance", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"letter-employer\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, employer.StatusCode);
    }

    [Fact]
    public async Task Answers_that_are_not_a_valid_report_prepare_no_letter()
    {
        var form = SelfFundedDenial("Harbor Mutual Health");
        form["outcome"] = "maybe";
        using var response = await Client.PostAsync(LettersPage.Path, new FormUrlEncodedContent(form));
        using var json = await Client.PostAsync(LettersPage.Path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("class=\"letter\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
    }
}
