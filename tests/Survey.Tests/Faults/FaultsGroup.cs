using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Local;
using Survey.Shared.Storage;

namespace Survey.Tests.Faults;

/// <summary>The load and fault tests: each with an Azurite of its own, run one at a time after the other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsGroup
{
    public const string Name = "faults";

    /// <summary>The local runner in-process on a free port, with its own settings, logging nothing.</summary>
    internal static async Task<(WebApplication App, HttpClient Client)> StartRunnerAsync(string connectionString, Dictionary<string, string?> settings)
    {
        var app = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { [StorageOptions.ConnectionName] = connectionString });
            builder.Configuration.AddInMemoryCollection(Survey.Tests.Infrastructure.ServiceFixture.Unlimited);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }
}
