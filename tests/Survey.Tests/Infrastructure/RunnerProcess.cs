using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// The local runner (functions/Survey.Local, built next to the tests) as a child process on a given loopback
/// port, so a test can kill it (SIGKILL, by PID) and start it again on the same port and storage.
/// </summary>
internal sealed class RunnerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Enough for the start-up summary (a line per function) and what a short test makes it log.</summary>
    private const int MaxRememberedLines = 400;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private RunnerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts the runner with <paramref name="settings"/> as environment variables; returns once <c>/api/health</c> answers 200.</summary>
    public static async Task<RunnerProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Survey.Local.dll"), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var runner = new RunnerProcess(Process.Start(start) ?? throw new InvalidOperationException("The runner did not start."));
        runner._process.OutputDataReceived += (_, e) => runner.Remember(e.Data);
        runner._process.ErrorDataReceived += (_, e) => runner.Remember(e.Data);
        runner._process.BeginOutputReadLine();
        runner._process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("/api/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return runner;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (runner._process.HasExited || clock.Elapsed > StartTimeout)
            {
                var output = runner.RecentOutput();
                await runner.DisposeAsync();
                throw new InvalidOperationException($"The runner did not become healthy on port {port}:{Environment.NewLine}{output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Runs an app built next to the tests (<c>Survey.Local.dll</c>, <c>Survey.Functions.dll</c>) with exactly
    /// <paramref name="settings"/> as its Survey and storage environment, until it exits by itself (killed after
    /// <paramref name="timeout"/>): its exit code and every line it printed, standard output and error as they came.
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunToExitAsync(
        string assembly, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Survey__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var output = new List<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{assembly} did not start.");
        DataReceivedEventHandler remember = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.OutputDataReceived += remember;
        process.ErrorDataReceived += remember;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{assembly} did not exit within {timeout}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }

        lock (output)
        {
            return (process.ExitCode, output.ToList());
        }
    }

    /// <summary>Kills the runner at once (SIGKILL): no shutdown, messages in flight stay leased.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>A free loopback port (free now; the caller binds it soon after).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > MaxRememberedLines)
            {
                _output.Dequeue();
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"runner PID {Pid}");
}
