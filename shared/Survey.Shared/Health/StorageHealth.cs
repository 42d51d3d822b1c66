using Survey.Shared.Storage;

namespace Survey.Shared.Health;

/// <summary>Whether the queue and table services answer.</summary>
public sealed record HealthReport(bool QueueReachable, bool TableReachable)
{
    public bool Healthy => QueueReachable && TableReachable;
}

/// <summary>Checks that storage is reachable, within a short time (creating the app's tables and queues if missing).</summary>
public sealed class StorageHealth
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);
    private readonly SurveyStorage _storage;

    internal StorageHealth(SurveyStorage storage) => _storage = storage;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);

        // What is missing is created first, as every route does on first use (once per process): probing a table or
        // queue not created yet answers 404, which Azure.Core logs as a warning on every first start.
        await Probe(_storage.EnsureCreatedAsync, timeout.Token);
        var queue = Probe(token => _storage.Reports.ExistsAsync(token), timeout.Token);
        var table = Probe(async token =>
        {
            await foreach (var _ in _storage.Plans.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: token).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }, timeout.Token);
        return new HealthReport(await queue, await table);
    }

    private static async Task<bool> Probe(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException { Status: not 404 } or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return false;
        }
        catch (Azure.RequestFailedException)
        {
            // 404: the service answered; the table or queue is simply not created yet.
            return true;
        }
    }
}
