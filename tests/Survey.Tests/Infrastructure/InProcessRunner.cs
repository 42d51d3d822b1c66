using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Local;
using Survey.Shared.Storage;

namespace Survey.Tests.Infrastructure;

/// <summary>The local runner in-process on a free loopback port, with the settings a test gives it (later ones win).</summary>
internal sealed class InProcessRunner : IAsyncDisposable
{
    private InProcessRunner(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<InProcessRunner> StartAsync(string connectionString, IEnumerable<KeyValuePair<string, string?>> settings, LogLevel minimumLevel = LogLevel.Warning)
    {
        var app = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection([new(StorageOptions.ConnectionName, connectionString), .. settings]);
            builder.Logging.SetMinimumLevel(minimumLevel);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessRunner(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
