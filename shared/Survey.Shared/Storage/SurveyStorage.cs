using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Survey.Shared.Storage;

/// <summary>
/// The queues and tables the app uses, created on first use. Creation is remembered once it has
/// succeeded and tried again on the next call after a failure (storage may come up after the app).
/// </summary>
internal sealed class SurveyStorage(QueueServiceClient queues, TableServiceClient tables)
{
    private Task? _creation;

    public QueueClient Reports { get; } = queues.GetQueueClient(StorageNames.ReportsQueue);

    public QueueClient ReportsPoison { get; } = queues.GetQueueClient(StorageNames.ReportsPoisonQueue);

    public TableClient PlanStats { get; } = tables.GetTableClient(StorageNames.PlanStatsTable);

    public TableClient Plans { get; } = tables.GetTableClient(StorageNames.PlansTable);

    public TableClient ReportIndex { get; } = tables.GetTableClient(StorageNames.ReportIndexTable);

    public TableClient Contacts { get; } = tables.GetTableClient(StorageNames.ContactsTable);

    public TableClient Catalogue { get; } = tables.GetTableClient(StorageNames.CatalogueTable);

    public TableClient AccessLog { get; } = tables.GetTableClient(StorageNames.AccessLogTable);

    public TableClient Committee { get; } = tables.GetTableClient(StorageNames.CommitteeTable);

    public QueueClient InvitationsQueue { get; } = queues.GetQueueClient(StorageNames.InvitationsQueue);

    public QueueClient InvitationsPoison { get; } = queues.GetQueueClient(StorageNames.InvitationsPoisonQueue);

    public TableClient Campaigns { get; } = tables.GetTableClient(StorageNames.CampaignsTable);

    public TableClient Invitations { get; } = tables.GetTableClient(StorageNames.InvitationsTable);

    public TableClient LinkTokens { get; } = tables.GetTableClient(StorageNames.LinkTokensTable);

    public TableClient Suppressions { get; } = tables.GetTableClient(StorageNames.SuppressionsTable);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            // One creation at a time for every caller; it runs to its end whoever stops waiting.
            var fresh = CreateAllAsync();
            current = Interlocked.CompareExchange(ref _creation, fresh, current) == current ? fresh : Volatile.Read(ref _creation)!;
        }

        return current.IsCompletedSuccessfully ? Task.CompletedTask : current.WaitAsync(cancellationToken);
    }

    private Task CreateAllAsync() => Task.WhenAll(
        Reports.CreateIfNotExistsAsync(),
        ReportsPoison.CreateIfNotExistsAsync(),
        PlanStats.CreateIfNotExistsAsync(),
        Plans.CreateIfNotExistsAsync(),
        ReportIndex.CreateIfNotExistsAsync(),
        Contacts.CreateIfNotExistsAsync(),
        Catalogue.CreateIfNotExistsAsync(),
        AccessLog.CreateIfNotExistsAsync(),
        Committee.CreateIfNotExistsAsync(),
        InvitationsQueue.CreateIfNotExistsAsync(),
        InvitationsPoison.CreateIfNotExistsAsync(),
        Campaigns.CreateIfNotExistsAsync(),
        Invitations.CreateIfNotExistsAsync(),
        LinkTokens.CreateIfNotExistsAsync(),
        Suppressions.CreateIfNotExistsAsync());
}
