using Azure;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Contacts;

/// <summary>The <c>contacts</c> table (one row per report id, PartitionKey = report id, with <c>ReceivedAt</c>): retention.</summary>
internal sealed class ContactStore(SurveyStorage storage)
{
    /// <summary>Deletes the contacts received before <paramref name="cutoff"/>, reading only their keys; returns how many.</summary>
    public async Task<int> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var deleted = 0;
        var expired = storage.Contacts.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ReceivedAt lt {cutoff}"),
            select: ["PartitionKey", "RowKey"],
            cancellationToken: cancellationToken);
        await foreach (var contact in expired)
        {
            try
            {
                // Each contact is a partition of its own, so there is no batch to group them in.
                await storage.Contacts.DeleteEntityAsync(contact.PartitionKey, contact.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Deleted meanwhile (a withdrawal, or another instance's run).
            }
        }

        return deleted;
    }

    /// <summary>Keeps the contact address a report gave, until retention deletes it.</summary>
    public async Task SaveContactAsync(string reportId, string email, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(reportId, string.Empty) { ["Email"] = email, ["ReceivedAt"] = receivedAt };
        await storage.Contacts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes a report's contact address (a withdrawal).</summary>
    public async Task DeleteContactAsync(string reportId, CancellationToken cancellationToken)
    {
        // Looked up first: most reports leave no contact, and Azure.Core would log the delete's 404 as a warning on
        // every such withdrawal. (A delivery that saves the contact later takes it out itself, after its re-check.)
        if ((await storage.Contacts.GetEntityIfExistsAsync<TableEntity>(reportId, string.Empty, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
        {
            await storage.Contacts.DeleteEntityAsync(reportId, string.Empty, ETag.All, cancellationToken);
        }
    }
}
