using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Local;
using Survey.Shared.Storage;

namespace Survey.Tests.Infrastructure;

/// <summary>Azurite and the local runner serving the function classes on a free loopback port.</summary>
public class ServiceFixture : AzuriteFixture
{
    public const string FunctionKey = "test-committee-key";

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The runner's warnings and errors (a timer's failed run, say), for a test's failure message.</summary>
    public LogCapture Log { get; } = new();

    /// <summary>Rate limits no test reaches: every test client is 127.0.0.1 (RateLimitTests uses its own tiny ones).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Unlimited { get; } = new Dictionary<string, string?>
    {
        ["Survey:RateLimits:PermitLimit"] = "10000000",
        ["Survey:RateLimits:PostPermitLimit"] = "10000000",
    };

    /// <summary>
    /// For a second runner a test starts on this fixture's Azurite: its queue triggers off, so it never takes the
    /// shared queues' messages (and, when stopped, never leaves one in flight that the fixture's runner waits for).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> SecondRunner { get; } = new Dictionary<string, string?>
    {
        ["AzureWebJobs:AggregateReport:Disabled"] = "true",
        ["AzureWebJobs:SendInvitation:Disabled"] = "true",
    };

    /// <summary>More settings for the runner, in a fixture made for one purpose.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionName] = ConnectionString,
                ["Local:CommitteeKeys:tester"] = FunctionKey,
            }.Concat(Unlimited).Concat(Settings));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(Log);
        });
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await base.DisposeAsync();
    }

    public static HttpRequestMessage Committee(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-committee-key", FunctionKey);
        return request;
    }

    /// <summary>
    /// Waits until the runner has drained the reports queue (messages in flight count until deleted). The queue is
    /// shared by every test of the collection, so on a loaded two-core machine this waits longer than one test's work.
    /// </summary>
    public async Task WaitForQueueDrainedAsync(TimeSpan? timeout = null)
    {
        var queue = new QueueClient(ConnectionString, StorageNames.ReportsQueue);
        await Eventually.HoldsAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the reports queue is drained",
            timeout ?? TimeSpan.FromMinutes(3));
    }

    /// <summary>A plan's stats as JSON, or null when the plan is unknown (404).</summary>
    public async Task<JsonObject?> PlanAsync(string planKey)
    {
        using var response = await Client.SendAsync(Committee(HttpMethod.Get, $"/api/stats/plans/{planKey}"));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceGroup : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
