using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Http;

/// <summary>Per-client limits on anonymous routes, on a runner of its own with a tiny budget and window.</summary>
[Collection(ServiceGroup.Name)]
public sealed class RateLimitTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const int Reads = 6;
    private const int Posts = 2;
    private InProcessRunner _runner = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _runner = await InProcessRunner.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
        {
                ["Local:CommitteeKeys:tester"] = ServiceFixture.FunctionKey,
                ["Survey:RateLimits:PermitLimit"] = Reads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Survey:RateLimits:PostPermitLimit"] = Posts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Survey:RateLimits:Window"] = "00:00:02",
        }.Concat(ServiceFixture.SecondRunner));
        _client = _runner.Client;
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task Posting_more_reports_than_the_budget_returns_429_with_retry_after_and_later_succeeds_again()
    {
        using var client = NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Posts + 1; i++)
        {
            using var response = await client.SendAsync(PostReport());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is at least a second");
                Assert.Equal(429, (int)(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["status"]!);
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.Accepted, statuses);

        // Recovers: once the window has passed the same client is allowed again (bounded wait, no timing asserted).
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await client.SendAsync(PostReport());
            return response.StatusCode == HttpStatusCode.Accepted;
        }, "the client may post again after the window");
    }

    [Fact]
    public async Task Reads_have_their_own_larger_budget_and_one_client_does_not_spend_anothers()
    {
        using var greedy = NewClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < Reads * 3; i++)
        {
            using var response = await greedy.SendAsync(Get("/api/health"));
            codes.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.True(codes.Count(c => c != HttpStatusCode.TooManyRequests) >= Posts, "more reads than posts were allowed before the limit");

        using var another = NewClient();
        using var other = await another.SendAsync(Get("/api/health"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Committee_routes_are_not_rate_limited()
    {
        using var client = NewClient();
        for (var i = 0; i < Reads * 3; i++)
        {
            using var request = Get("/api/stats/plans");
            request.Headers.Add("x-committee-key", ServiceFixture.FunctionKey);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_rate_limited_form_post_comes_back_as_the_form_with_every_value_kept_and_a_kind_message()
    {
        using var client = NewClient();
        var insurer = $"Kept Insurer {Guid.NewGuid():N}";
        HttpResponseMessage? limited = null;
        for (var i = 0; i < Posts + 1 && limited is null; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["language"] = "es", ["reporterRole"] = "ibclc", ["state"] = "MA", ["insurer"] = insurer, ["plan"] = "Oro <b>",
                    ["serviceMonth"] = "2025-06", ["setting"] = "home", ["outcome"] = "denied", ["narrative"] = "Mi historia",
                }),
            };
            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(limited.Headers.RetryAfter);
            var html = await limited.Content.ReadAsStringAsync();
            Assert.Contains(Survey.Shared.Forms.FormTexts.For("es")["error.tooMany"], html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{insurer}\"", html, StringComparison.Ordinal);
            Assert.Contains("Oro &lt;b&gt;", html, StringComparison.Ordinal);
            Assert.Contains("Mi historia", html, StringComparison.Ordinal);
            Assert.Contains("lang=\"es\"", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Survey:RateLimits:PermitLimit", "0", "PermitLimit must be between")]
    [InlineData("Survey:RateLimits:PostPermitLimit", "999999", "PostPermitLimit must not be larger")]
    [InlineData("Survey:RateLimits:Window", "00:00:00", "Window must be between")]
    [InlineData("Survey:Cors:AllowedOrigins:0", "https://form.example.org/", "list exact origins")]
    public async Task Bad_limits_fail_at_start_with_a_sentence_that_says_what_to_set(string key, string value, string message)
    {
        await using var app = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = fixture.ConnectionString,
                ["Local:CommitteeKeys:tester"] = ServiceFixture.FunctionKey,
                [key] = value,
            });
            builder.Logging.SetMinimumLevel(LogLevel.None);
        });
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A client of its own: its connections come from a loopback address no other test uses.</summary>
    private HttpClient NewClient() => LoopbackClients.Next(_client.BaseAddress!);

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage PostReport()
        => new(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(SampleReports.Valid(SampleReports.UniqueInsurer("Rate"))) };
}
