using Survey.Benchmarks.Service;

namespace Survey.Benchmarks.Measures;

/// <summary>Samples the service's resident memory every 100 ms while a load runs, keeping the largest sample.</summary>
internal sealed class MemorySampler(ServiceProcess process) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private CancellationTokenSource? _stop;
    private Task? _sampling;

    public double MaxRssMb { get; private set; }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _sampling = SampleAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _sampling is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        _stop = null;
    }

    public void Dispose() => _stop?.Dispose();

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            MaxRssMb = Math.Max(MaxRssMb, process.ReadMemory().RssMb);
        }
        while (await Continue(timer, cancellationToken));
    }

    private static async Task<bool> Continue(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
