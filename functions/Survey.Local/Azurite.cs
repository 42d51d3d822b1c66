using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Survey.Local;

/// <summary>
/// The Azurite storage emulator as a child process: installed with npm on first use (from the
/// repository's package.json), started on free loopback ports with its data in a folder, stopped by PID.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's well-known development account (public, documented; not a secret).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _executable;
    private readonly List<string> _output = [];
    private Process? _process;

    private Azurite(string executable, string dataDirectory, int blobPort, int queuePort, int tablePort)
    {
        _executable = executable;
        DataDirectory = dataDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public string DataDirectory { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Whether the data is kept in memory only (<see cref="StartInMemoryAsync"/>).</summary>
    public bool InMemory { get; private init; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Installs Azurite if needed and starts it on free loopback ports.</summary>
    public static Task<Azurite> StartAsync(string repositoryRoot, string dataDirectory, Action<string> progress, CancellationToken cancellationToken = default)
        => StartAsync(repositoryRoot, dataDirectory, inMemory: false, progress, cancellationToken);

    /// <summary>
    /// Like <see cref="StartAsync(string, string, Action{string}, CancellationToken)"/>, but Azurite keeps its data in
    /// memory only (<c>--inMemoryPersistence</c>): it never saves its metadata to disk every 5 s, which costs more CPU
    /// the more it holds, and loses everything when stopped, so <see cref="RestartAsync"/> starts it empty. For tests
    /// that never restart it; <paramref name="dataDirectory"/> then holds only the PID file.
    /// </summary>
    public static Task<Azurite> StartInMemoryAsync(string repositoryRoot, string dataDirectory, Action<string> progress, CancellationToken cancellationToken = default)
        => StartAsync(repositoryRoot, dataDirectory, inMemory: true, progress, cancellationToken);

    private static async Task<Azurite> StartAsync(string repositoryRoot, string dataDirectory, bool inMemory, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var executable = await NodeTools.EnsureInstalledAsync(repositoryRoot, "azurite", "Azurite needs Node.js and npm on the PATH (or set AzureWebJobsStorage to a storage account).", progress, cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        await StopOrphanAsync(dataDirectory, progress);
        var ports = FreeLoopbackPorts(3);
        var azurite = new Azurite(executable, dataDirectory, ports[0], ports[1], ports[2]) { InMemory = inMemory };
        await azurite.StartProcessAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Starts the process again on the same ports and data (after <see cref="StopAsync"/>).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    /// <summary>
    /// Asks Azurite to stop (SIGTERM, by PID): it closes its servers and saves its data, so every write it
    /// acknowledged survives a restart. Killed if still running after <paramref name="timeout"/>. (Killed
    /// outright, Azurite loses the writes of up to its last 5 seconds: it saves its metadata every 5 s.)
    /// </summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false } process && !OperatingSystem.IsWindows())
        {
            var kill = new ProcessStartInfo("kill");
            kill.ArgumentList.Add("-TERM");
            kill.ArgumentList.Add(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using (var signal = Process.Start(kill) ?? throw new InvalidOperationException("kill did not start."))
            {
                await signal.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped by force below.
            }
        }

        await StopAsync();
    }

    /// <summary>Stops the process (and its children) by PID, at once (SIGKILL).</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        File.Delete(PidFile(DataDirectory));
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static string PidFile(string dataDirectory) => Path.Combine(dataDirectory, "azurite.pid");

    /// <summary>
    /// A runner that was killed (not stopped) leaves its Azurite running on the same data folder; two
    /// emulators on one folder would corrupt it, so the one recorded in the PID file is stopped first,
    /// if it still is an Azurite on this folder.
    /// </summary>
    private static async Task StopOrphanAsync(string dataDirectory, Action<string> progress)
    {
        var pidFile = PidFile(dataDirectory);
        if (!File.Exists(pidFile) || !int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
        {
            return;
        }

        try
        {
            using var orphan = Process.GetProcessById(pid);
            var commandLine = OperatingSystem.IsLinux() ? await File.ReadAllTextAsync($"/proc/{pid}/cmdline") : string.Empty;
            if (commandLine.Contains("azurite", StringComparison.Ordinal) && commandLine.Contains(dataDirectory, StringComparison.Ordinal))
            {
                progress($"Stopping the Azurite (PID {pid}) left running on {dataDirectory} by an earlier run.");
                orphan.Kill(entireProcessTree: true);
                await orphan.WaitForExitAsync();
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException)
        {
            // Not running any more.
        }

        File.Delete(pidFile);
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            .. InMemory ? ["--inMemoryPersistence"] : new[] { "--location", DataDirectory },
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck",
            "--disableTelemetry",
            "--silent",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        await File.WriteAllTextAsync(PidFile(DataDirectory), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (!(await IsListeningAsync(BlobPort) && await IsListeningAsync(QueuePort) && await IsListeningAsync(TablePort)))
        {
            if (process.HasExited || clock.Elapsed > deadline)
            {
                await StopAsync();
                throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{BlobPort}/{QueuePort}/{TablePort}: {string.Join(Environment.NewLine, Snapshot())}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 50)
            {
                _output.RemoveAt(0);
            }
        }
    }

    private string[] Snapshot()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    internal static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static int[] FreeLoopbackPorts(int count)
    {
        // Hold all listeners until every port is chosen, so the same port is never handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
