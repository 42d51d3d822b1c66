using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Survey.Shared.Forms;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

/// <summary>The report form over HTTP, without a browser: the page, its files, and form posts to /api/reports.</summary>
[Collection(ServiceGroup.Name)]
public sealed class ReportFormApiTests(ServiceFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_form_is_html_with_a_policy_that_allows_only_the_apps_own_script_and_style()
    {
        using var response = await Client.GetAsync("/api/form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form id=\"report-form\" method=\"post\" action=\"/api/reports\"", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/api/form/assets/form.css?v=", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/api/form/assets/form.js?v=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<[^>]*\son[a-z]+=", html);
    }

    [Theory]
    [InlineData("es", null, "es")]
    [InlineData("PT", "es", "pt")]
    [InlineData("en", "pt-BR", "en")]
    [InlineData(null, "pt-BR,pt;q=0.9,en;q=0.8", "pt")]
    [InlineData(null, "fr-FR, de;q=0.9, es-MX;q=0.5, en;q=0.4", "es")]
    [InlineData(null, "en;q=0.2, es;q=0.8", "es")]
    [InlineData("xx", "es-419", "es")]
    [InlineData(null, "fr, de", "en")]
    [InlineData(null, null, "en")]
    public async Task The_language_is_chosen_by_lang_then_Accept_Language_then_English(string? lang, string? acceptLanguage, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, lang is null ? "/api/form" : $"/api/form?lang={lang}");
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        using var response = await Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{expected}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"language\" value=\"{expected}\">", html, StringComparison.Ordinal);
        Assert.Contains(Encoded(FormTexts.Get(expected, "page.title")), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("form.css", "text/css; charset=utf-8", ".error-summary")]
    [InlineData("form.js", "text/javascript; charset=utf-8", "localStorage")]
    public async Task The_forms_files_are_served_with_their_content_type_and_a_cache_header(string name, string contentType, string sample)
    {
        using var response = await Client.GetAsync($"/api/form/assets/{name}?v=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal("public, max-age=86400", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains(sample, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("form.html")]
    [InlineData("FORM.CSS")]
    [InlineData("..%2Fopenapi.json")]
    public async Task An_unknown_file_of_the_form_is_a_404_problem(string name)
    {
        using var response = await Client.GetAsync($"/api/form/assets/{name}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task A_valid_form_post_is_thanked_in_its_language_and_counted(string language)
    {
        var insurer = SampleReports.UniqueInsurer("Form Insurer");
        using var response = await Client.PostAsync("/api/reports", Form(Valid(insurer, language, ("plan", "Gold"), ("outOfPocketUsd", "$1,250.50"), ("advocacyActions", "called-insurer"), ("advocacyActions", "formal-appeal"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("default-src 'none'; script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains(Encoded(FormTexts.Get(language, "thanks.title")), html, StringComparison.Ordinal);

        await fixture.WaitForQueueDrainedAsync();
        var plan = await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKeys.Unverified(insurer, "Gold")), p => p is not null, "the form's report is counted");
        Assert.Equal(1, (int)plan!["reports"]!);
        Assert.Equal(1, (int)plan["bySetting"]!["home"]!["outcomes"]!["denied"]!);
        Assert.Equal(1, (int)plan["advocacyActions"]!["formal-appeal"]!);
        Assert.Equal(1250.50m, (decimal)plan["outOfPocket"]!["meanUsd"]!);
    }

    [Fact]
    public async Task A_form_post_that_asks_for_JSON_is_answered_like_JSON_and_its_typed_amount_is_read_by_the_server()
    {
        var insurer = SampleReports.UniqueInsurer("Form Json Insurer");
        using var accepted = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = Form(Valid(insurer, "pt", ("outOfPocketUsd", "1.200,50"))) };
        accepted.Headers.Accept.ParseAdd("application/json, application/problem+json");
        using var invalid = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = Form(Valid(insurer, "pt", ("outOfPocketUsd", "lots"))) };
        invalid.Headers.Accept.ParseAdd("application/json, application/problem+json");

        using var acceptedResponse = await Client.SendAsync(accepted);
        using var invalidResponse = await Client.SendAsync(invalid);

        Assert.Equal(HttpStatusCode.Accepted, acceptedResponse.StatusCode);
        Assert.Matches("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$", (string?)(await acceptedResponse.Content.ReadFromJsonAsync<JsonObject>())!["withdrawalCode"]);
        Assert.Equal(HttpStatusCode.BadRequest, invalidResponse.StatusCode);
        Assert.Equal("application/problem+json", invalidResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["Must be a number."], (await invalidResponse.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["outOfPocketUsd"]!.AsArray().Select(m => (string?)m));
        await fixture.WaitForQueueDrainedAsync();
        var plan = await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKeys.Unverified(insurer, null)), p => p is not null, "the form's report is counted");
        Assert.Equal(1, (int)plan!["reports"]!);
        Assert.Equal(1200.50m, (decimal)plan["outOfPocket"]!["meanUsd"]!);
    }

    [Fact]
    public async Task The_same_form_posted_twice_counts_once()
    {
        var insurer = SampleReports.UniqueInsurer("Form Insurer");
        var form = Valid(insurer, "en", ("submissionId", Guid.NewGuid().ToString()));

        using var first = await Client.PostAsync("/api/reports", Form(form));
        using var second = await Client.PostAsync("/api/reports", Form(form));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await fixture.WaitForQueueDrainedAsync();
        var plan = await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKeys.Unverified(insurer, null)), p => p is not null, "the report is counted");
        Assert.Equal(1, (int)plan!["reports"]!);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task An_invalid_form_post_gets_the_form_again_with_each_error_by_its_field_and_every_value_kept_and_escaped(string language)
    {
        const string hostile = "<script>alert(1)</script> \"Acme\" & Sons";
        const string story = "Line one\n\"><img src=x onerror=alert(2)>";
        var form = new List<(string, string)>
        {
            ("language", language),
            ("reporterRole", "family"),
            ("state", "MA"),
            ("insurer", hostile),
            ("serviceMonth", "June"),
            ("outcome", "covered-in-full"),
            ("denialReason", "visit-limit"),
            ("outOfPocketUsd", "lots"),
            ("contactEmail", "not an e-mail"),
            ("narrative", story),
            ("employer", new string('x', 121)),
            ("advocacyActions", "legislator"),
            ("consentToQuote", "true"),
        };

        using var response = await Client.PostAsync("/api/reports", Form(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);

        // Each error is next to its field, linked by aria-describedby, in the form's language.
        foreach (var (field, key) in new[]
                 {
                     ("setting", "error.required.setting"), ("serviceMonth", "error.month-format"), ("denialReason", "error.denial-only-when-denied"),
                     ("outOfPocketUsd", "error.number"), ("contactEmail", "error.email"), ("employer", "error.too-long"),
                 })
        {
            var message = Encoded(FormTexts.Format(language, key, ("max", 120)));
            Assert.Contains($"<p class=\"error-message\" id=\"f-{field}-error\"><strong class=\"error-prefix\">{Encoded(FormTexts.Get(language, "error.prefix"))}</strong> {message}</p>", html, StringComparison.Ordinal);
            Assert.Matches($"<li><a href=\"#f-{field}(-home)?\">{System.Text.RegularExpressions.Regex.Escape(message)}</a></li>", html);
        }

        Assert.Contains("aria-describedby=\"f-contactEmail-hint f-contactEmail-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);

        // Everything typed is back, escaped.
        Assert.Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; &quot;Acme&quot; &amp; Sons\"", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</textarea>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("value=\"June\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"text\" id=\"f-serviceMonth\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"lots\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"not an e-mail\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"family\" checked", html, StringComparison.Ordinal);
        Assert.Contains("value=\"covered-in-full\" checked", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"MA\" selected>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"visit-limit\" selected>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"legislator\" checked", html, StringComparison.Ordinal);
        Assert.Contains("name=\"consentToQuote\" value=\"true\" checked", html, StringComparison.Ordinal);
        Assert.Contains(new string('x', 121), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_that_fills_the_honeypot_is_thanked_but_nothing_is_enqueued()
    {
        var insurer = SampleReports.UniqueInsurer("Honeypot Insurer");
        var control = SampleReports.UniqueInsurer("Honeypot Control");

        using var trapped = await Client.PostAsync("/api/reports", Form(Valid(insurer, "en", (FormSubmission.HoneypotField, "http://spam.example"))));
        using var real = await Client.PostAsync("/api/reports", Form(Valid(control, "en")));

        Assert.Equal(HttpStatusCode.OK, trapped.StatusCode);
        Assert.Contains(Encoded(FormTexts.Get("en", "thanks.title")), await trapped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await fixture.WaitForQueueDrainedAsync();
        await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKeys.Unverified(control, null)), p => p is not null, "the report sent after it is counted");
        Assert.Null(await fixture.PlanAsync(PlanKeys.Unverified(insurer, null)));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1")]
    public async Task Other_content_types_still_get_a_415_problem(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("insurer=Acme"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await Client.PostAsync("/api/reports", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_post_over_64_KiB_gets_the_form_again_with_a_413()
    {
        using var response = await Client.PostAsync("/api/reports", Form([("language", "pt"), ("narrative", new string('a', 70 * 1024))]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(Encoded(FormTexts.Get("en", "error.tooLarge")), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_report_is_still_answered_with_json()
    {
        using var response = await Client.PostAsJsonAsync("/api/reports", new JsonObject { ["insurer"] = "Acme" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["Required."], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["setting"]!.AsArray().Select(m => (string?)m));
    }

    private static List<(string, string)> Valid(string insurer, string language, params (string, string)[] more)
        =>
        [
            ("language", language), ("reporterRole", "ibclc"), ("state", "MA"), ("insurer", insurer), ("serviceMonth", "2025-06"),
            ("setting", "home"), ("outcome", "denied"), ("denialReason", "setting-not-covered"), ("website", string.Empty), .. more,
        ];

    private static FormUrlEncodedContent Form(IEnumerable<(string Name, string Value)> fields)
        => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static string Encoded(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);
}
