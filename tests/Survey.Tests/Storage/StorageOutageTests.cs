using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Storage;

[Trait("Category", "Slow")] // waits out the storage SDK's retries against unreachable storage
public sealed class StorageOutageTests
{
    [Fact]
    public async Task When_storage_does_not_take_the_report_the_answer_is_503_with_Retry_After_not_202()
    {
        await using var app = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = Unreachable.ConnectionString,
                ["Survey:Intake:EnqueueBudget"] = "00:00:01",
                ["Survey:Intake:RetryAfterSeconds"] = "9",
            });
            builder.Logging.SetMinimumLevel(LogLevel.None);
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        using var response = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid("Aetna"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(9), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);

        using var health = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_read_that_storage_fails_is_a_500_problem_linking_the_RFC_Editor_page_and_showing_no_internals()
    {
        await using var runner = await InProcessRunner.StartAsync(Unreachable.ConnectionString, [new("Local:CommitteeKeys:tester", ServiceFixture.FunctionKey)], LogLevel.None);

        using var response = await runner.Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/plans"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(Survey.Shared.Http.ProblemTypes.For(500), (string?)problem["type"]);
        Assert.StartsWith("https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1", (string?)problem["type"], StringComparison.Ordinal);
        Assert.Equal("Something went wrong on our side.", (string?)problem["title"]);
        Assert.DoesNotContain("Exception", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_storage_does_not_take_a_form_post_the_form_comes_back_with_a_kind_503_and_every_value_kept()
    {
        await using var app = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = Unreachable.ConnectionString,
                ["Survey:Intake:EnqueueBudget"] = "00:00:01",
                ["Survey:Intake:RetryAfterSeconds"] = "9",
            });
            builder.Logging.SetMinimumLevel(LogLevel.None);
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["language"] = "es", ["reporterRole"] = "family", ["state"] = "MA", ["insurer"] = "Aetna & Co", ["serviceMonth"] = "2025-06",
            ["setting"] = "home", ["outcome"] = "denied", ["narrative"] = "Nos dijeron que sí.",
        });

        using var response = await client.PostAsync("/api/reports", form);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(9), response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(Survey.Shared.Forms.FormTexts.Get("es", "error.busy")), html, StringComparison.Ordinal);
        Assert.Contains("value=\"Aetna &amp; Co\"", html, StringComparison.Ordinal);
        Assert.Contains("Nos dijeron que sí.</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"denied\" checked", html, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
