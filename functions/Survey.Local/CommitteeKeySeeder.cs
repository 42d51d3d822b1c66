using Microsoft.Extensions.Options;
using Survey.Shared.Access;

namespace Survey.Local;

/// <summary>
/// The committee credentials of <c>Local:CommitteeKeys</c> exist with those values: made before the runner serves
/// requests when storage answers, else (storage down at start) again every few seconds in the background, so an
/// outage at start delays them rather than stopping the runner.
/// </summary>
internal sealed partial class CommitteeKeySeeder(CommitteeCredentials credentials, IOptions<LocalOptions> options, ILogger<CommitteeKeySeeder> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private bool _seeded;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _seeded = await TrySeedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!_seeded && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _seeded = await TrySeedAsync(stoppingToken);
        }
    }

    private async Task<bool> TrySeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (name, value) in options.Value.CommitteeKeys)
            {
                await credentials.EnsureAsync(name, value, cancellationToken);
            }

            return true;
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            LogNotYet(logger, RetryEvery.TotalSeconds);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not answer: the committee credentials of Local:CommitteeKeys are made once it does (trying again every {Seconds} s)")]
    private static partial void LogNotYet(ILogger logger, double seconds);
}
