using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Threading.Channels;

namespace Survey.Benchmarks.Service;

/// <summary>A process's resident memory, from <c>/proc/{pid}/status</c>.</summary>
internal sealed record MemoryReading(double RssMb, double PeakRssMb);

/// <summary>
/// The service as a child process (this program in <c>serve</c> mode, built in the same configuration):
/// started on a free loopback port, driven over stdin, measured from <c>/proc</c>, stopped by PID.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _recentOutput = new();
    private int _retryEvents;

    private ServiceProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public Uri Address { get; private set; } = null!;

    /// <summary>How many times the service's resilience pipelines retried (each logged as a Polly <c>OnRetry</c> warning).</summary>
    public int RetryEvents => Volatile.Read(ref _retryEvents);

    public static async Task<ServiceProcess> StartAsync(string connectionString, string keyName, string key)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is unknown.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "serve", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AzureWebJobsStorage"] = connectionString;
        start.Environment[$"Local__CommitteeKeys__{keyName}"] = key;

        // Every benchmark client is 127.0.0.1: lift the per-client rate limits out of the measurement.
        start.Environment["Survey__RateLimits__PermitLimit"] = "10000000";
        start.Environment["Survey__RateLimits__PostPermitLimit"] = "10000000";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // The same GC as functions/Survey.Local (the Web SDK's default, in its runtimeconfig): server GC.
        start.Environment["DOTNET_gcServer"] = "1";

        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("The service did not start."));
        service._process.OutputDataReceived += (_, e) => service.OnOutput(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.OnOutput(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            var ready = await service.ReplyAsync(ServiceProtocol.Ready);
            service.Address = new Uri(ready[ServiceProtocol.Ready.Length..].Trim());
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the queue trigger's polling; returns once it runs.</summary>
    public async Task ResumeQueueTriggersAsync()
    {
        await _process.StandardInput.WriteLineAsync(ServiceProtocol.Resume);
        await _process.StandardInput.FlushAsync();
        await ReplyAsync(ServiceProtocol.Resumed);
    }

    /// <summary>Stops the queue trigger's polling after the messages in flight; returns once it has stopped.</summary>
    public async Task PauseQueueTriggersAsync()
    {
        await _process.StandardInput.WriteLineAsync(ServiceProtocol.Pause);
        await _process.StandardInput.FlushAsync();
        await ReplyAsync(ServiceProtocol.Paused);
    }

    /// <summary>Resident memory now (VmRSS) and its peak since the process started (VmHWM).</summary>
    public MemoryReading ReadMemory()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return new MemoryReading(rss, peak);

        static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.StandardInput.WriteLineAsync(ServiceProtocol.Stop);
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException)
            {
                // It did not stop by itself: stopped by PID below.
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _replies.Writer.TryComplete();
            return;
        }

        if (line.StartsWith("bench:", StringComparison.Ordinal))
        {
            _replies.Writer.TryWrite(line);
            return;
        }

        if (line.Contains("EventName: 'OnRetry'", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _retryEvents);
        }

        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > 40)
            {
                _recentOutput.Dequeue();
            }
        }
    }

    private async Task<string> ReplyAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            while (true)
            {
                var reply = await _replies.Reader.ReadAsync(timeout.Token);
                if (reply.StartsWith(expected, StringComparison.Ordinal))
                {
                    return reply;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            string recent;
            lock (_recentOutput)
            {
                recent = string.Join(Environment.NewLine, _recentOutput);
            }

            throw new InvalidOperationException($"The service (PID {Pid}) did not answer '{expected}'. Its last output:{Environment.NewLine}{recent}", exception);
        }
    }
}
