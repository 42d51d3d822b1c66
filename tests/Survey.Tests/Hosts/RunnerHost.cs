using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Survey.Local;

namespace Survey.Tests.Hosts;

/// <summary>The app under the local runner (<c>functions/Survey.Local</c>), in-process.</summary>
public sealed class RunnerHost : HostUnderTest
{
    private const string RunnerMasterKey = "runner-master-key-for-tests";
    private WebApplication? _app;

    public override string Name => "local runner";

    protected override string? Unavailable() => null;

    protected override async Task StartAsync(int port, Dictionary<string, string?> settings)
    {
        MasterKey = RunnerMasterKey;
        settings["Local:MasterKey"] = RunnerMasterKey;
        _app = await LocalRunner.BuildAsync(["--urls", BaseAddress.ToString().TrimEnd('/')], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _app.StartAsync();
    }

    protected override async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
