using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Survey.Benchmarks.Service;

/// <summary>
/// A published function app under the real Azure Functions host (<c>../shared/realhost/run-host.sh</c>), on a
/// free loopback port with fresh secrets, app settings as environment variables (as in Azure). A small copy of
/// what <c>tests/Survey.Tests/Hosts/RealHost.cs</c> does (the test project is not referenced from here): the
/// benchmark also times the start itself. <see cref="Started"/> is taken just before the process starts.
/// </summary>
internal sealed class RealHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _secrets;
    private readonly StringBuilder _log = new();

    private RealHostProcess(Process process, string secrets, Uri address, long started)
        => (_process, _secrets, Address, Started) = (process, secrets, address, started);

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>The <see cref="Stopwatch"/> timestamp just before <c>run-host.sh</c> started.</summary>
    public long Started { get; }

    public static string HostFolder(string repositoryRoot) => Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "realhost"));

    public static bool IsAvailable(string repositoryRoot) => File.Exists(Path.Combine(HostFolder(repositoryRoot), "run-host.sh"));

    /// <summary><c>dotnet publish -c Release</c> of a function app into a new temp folder; extra MSBuild properties as <c>-p:</c>.</summary>
    public static async Task<string> PublishAsync(string repositoryRoot, string project, params string[] properties)
    {
        var output = Path.Combine(Path.GetTempPath(), "survey-bench-app-" + Guid.NewGuid().ToString("N")[..8]);
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q" }.Concat(properties.Select(p => "-p:" + p)))
        {
            publish.ArgumentList.Add(argument);
        }

        using var process = Process.Start(publish)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return output;
    }

    /// <summary>Starts the host for <paramref name="app"/>; returns at once (see <see cref="WaitForAsync"/>).</summary>
    public static RealHostProcess Start(string repositoryRoot, string app, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var secrets = Path.Combine(Path.GetTempPath(), "survey-bench-secrets-" + Guid.NewGuid().ToString("N")[..8]);
        var folder = HostFolder(repositoryRoot);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in new[] { Path.Combine(folder, "run-host.sh"), app, port.ToString(CultureInfo.InvariantCulture), connectionString, secrets })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("run-host.sh did not start.");
        var host = new RealHostProcess(process, secrets, new Uri($"http://127.0.0.1:{port}"), started);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Sends the request every 20 ms (a new one each time) until it answers <paramref name="expected"/>;
    /// returns the milliseconds since <see cref="Started"/>.
    /// </summary>
    public async Task<double> WaitForAsync(HttpClient client, Func<HttpRequestMessage> request, HttpStatusCode expected, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host stopped with exit code {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var message = request();
                using var response = await client.SendAsync(message);
                if (response.StatusCode == expected)
                {
                    return Stopwatch.GetElapsedTime(Started).TotalMilliseconds;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The real host did not answer {(int)expected} within {limit.TotalSeconds:F0} s. Its log:\n{Log}");
    }

    /// <summary>Waits for <c>/api/health</c>, then makes a committee credential through the admin route (master key) and returns it.</summary>
    public async Task<string> ReadyWithCredentialAsync(HttpClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        await WaitForAsync(client, () => new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "/api/health")), HttpStatusCode.OK, TimeSpan.FromMinutes(3));

        // The host writes its secrets (with the master key) on the first request that carries a key.
        using (var status = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "/admin/host/status")))
        {
            status.Headers.Add("x-functions-key", "any");
            using var _ = await client.SendAsync(status);
        }

        var master = (string)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_secrets, "host.json")))!["masterKey"]!["value"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "/api/committee/credentials"));
        request.Headers.Add("x-functions-key", master);
        request.Content = JsonContent.Create(new JsonObject { ["name"] = name });
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Making a committee credential answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.Length > 4000 ? _log.ToString(_log.Length - 4000, 4000) : _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_secrets, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
