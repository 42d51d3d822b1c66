using Azure.Storage.Queues;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hostile;

/// <summary>
/// A runner of its own (own Azurite) whose queue trigger is disabled, so the reports queue keeps every message
/// that was enqueued: its length is exactly what the requests put there.
/// </summary>
public sealed class QuietServiceFixture : ServiceFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("AzureWebJobs:AggregateReport:Disabled", "true")];

    /// <summary>Messages on the reports queue (Azurite counts exactly).</summary>
    public async Task<int> QueuedAsync()
    {
        var queue = new QueueClient(ConnectionString, StorageNames.ReportsQueue);
        await queue.CreateIfNotExistsAsync();
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}

[CollectionDefinition(Name)]
public sealed class QuietServiceGroup : ICollectionFixture<QuietServiceFixture>
{
    public const string Name = "quiet service";
}
