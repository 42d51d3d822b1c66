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

namespace Survey.Tests.Functions;

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
}
