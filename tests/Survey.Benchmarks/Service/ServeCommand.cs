using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Local;

namespace Survey.Benchmarks.Service;

/// <summary>
/// The service under test, in a process of its own (so its memory is its own): the local runner with the
/// same function classes, storage from <c>AzureWebJobsStorage</c>, queue triggers held by a
/// <see cref="TriggerGate"/>. It is driven over stdin with one word a line (see <see cref="ServiceProtocol"/>)
/// and stops when stdin closes, so it never outlives the benchmark.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var gate = new TriggerGate();
        await using var app = await LocalRunner.BuildAsync(args, builder =>
        {
            builder.Host.UseServiceProviderFactory(gate);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"{ServiceProtocol.Ready} {address}");

        while (await Console.In.ReadLineAsync() is { } command && command != ServiceProtocol.Stop)
        {
            switch (command)
            {
                case ServiceProtocol.Resume:
                    await gate.ResumeAsync(CancellationToken.None);
                    Console.WriteLine(ServiceProtocol.Resumed);
                    break;
                case ServiceProtocol.Pause:
                    await gate.PauseAsync(CancellationToken.None);
                    Console.WriteLine(ServiceProtocol.Paused);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{command}'.");
                    break;
            }
        }

        await gate.PauseAsync(CancellationToken.None);
        await app.StopAsync();
        return 0;
    }
}

/// <summary>The lines the benchmark and its service exchange.</summary>
internal static class ServiceProtocol
{
    public const string Resume = "resume";
    public const string Pause = "pause";
    public const string Stop = "stop";
    public const string Ready = "bench:ready";
    public const string Resumed = "bench:resumed";
    public const string Paused = "bench:paused";
}
