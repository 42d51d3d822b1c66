using System.Diagnostics;
using System.Text.Json.Nodes;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hosts;

/// <summary>
/// The app under the real Azure Functions host (the open-source host built from source, in
/// <c>../shared/realhost</c>): <c>functions/Survey.Functions</c> published in Release once per test run, started
/// with <c>run-host.sh</c> on a free loopback port, app settings as environment variables (as in Azure).
/// Where the host is not beside the repository (a user's clone) the scenarios are skipped with that reason;
/// under CI (<c>CI=true</c>) that is a failure instead.
/// </summary>
public sealed class RealHost : HostUnderTest
{
    private static readonly SemaphoreSlim Publishing = new(1, 1);
    private static string? _published;
    private Process? _host;
    private string _secrets = null!;
    private readonly System.Text.StringBuilder _log = new();

    public override string Name => "real Functions host";

    /// <summary>The folder with <c>run-host.sh</c>, beside the repository.</summary>
    public static string HostFolder { get; } = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "realhost"));

    /// <summary>What the host printed so far (for a failure's message).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    protected override string? Unavailable()
    {
        if (File.Exists(Path.Combine(HostFolder, "run-host.sh")))
        {
            return null;
        }

        var reason = $"The real Functions host is not here ({HostFolder}/run-host.sh is missing): these scenarios run under CI, where ../shared/realhost is beside the clone.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Under CI the real-host scenarios must run. " + reason);
        }

        return reason;
    }

    protected override async Task StartAsync(int port, Dictionary<string, string?> settings)
    {
        var app = await PublishAsync();
        _secrets = Path.Combine(Path.GetTempPath(), "survey-realhost-secrets-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = HostFolder,
        };
        foreach (var argument in new[] { Path.Combine(HostFolder, "run-host.sh"), app, port.ToString(System.Globalization.CultureInfo.InvariantCulture), ConnectionString, _secrets })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _host = Process.Start(start) ?? throw new InvalidOperationException("run-host.sh did not start.");
        _host.OutputDataReceived += (_, e) => Append(e.Data);
        _host.ErrorDataReceived += (_, e) => Append(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.HoldsAsync(async () =>
        {
            if (_host.HasExited)
            {
                throw new InvalidOperationException($"The host stopped with exit code {_host.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync("/api/health");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the real host answers /api/health", TimeSpan.FromMinutes(2));

        // The host writes its secrets (with the master key) on the first request that carries a key.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status"))
        {
            request.Headers.Add("x-functions-key", "any");
            using var _ = await client.SendAsync(request);
        }

        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_secrets, "host.json")))!;
        MasterKey = (string)hostJson["masterKey"]!["value"]!;
    }

    protected override async Task StopAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        try
        {
            Directory.Delete(_secrets, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary><c>dotnet publish -c Release</c> of the functions app, once per test run.</summary>
    private static async Task<string> PublishAsync()
    {
        await Publishing.WaitAsync();
        try
        {
            if (_published is not null)
            {
                return _published;
            }

            var output = Path.Combine(Path.GetTempPath(), "survey-realhost-app-" + Guid.NewGuid().ToString("N")[..8]);
            var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
            foreach (var argument in new[] { "publish", Path.Combine(Repository.Root, "functions", "Survey.Functions"), "-c", "Release", "-o", output, "--nologo", "-v", "q" })
            {
                publish.ArgumentList.Add(argument);
            }

            using var process = Process.Start(publish)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            }

            _published = output;
            return output;
        }
        finally
        {
            Publishing.Release();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
