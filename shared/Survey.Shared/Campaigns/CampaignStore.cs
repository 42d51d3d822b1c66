using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Polly;
using Polly.Registry;
using Survey.Shared.Storage;

namespace Survey.Shared.Campaigns;

/// <summary>A stored row and the ETag it was read with.</summary>
internal sealed record Stored<T>(T Value, ETag ETag);

/// <summary>
/// Tables of e-mail campaigns: <c>campaigns</c> (PartitionKey <c>campaign</c>, RowKey = campaign id);
/// <c>invitations</c> (PartitionKey = campaign id; RowKey <c>i-{invitationId}</c> for an invitation and
/// <c>a-{addressHash}</c> claiming an address once per campaign, written in one transaction);
/// <c>linktokens</c> (PartitionKey = SHA-256 of a token, base64url, RowKey empty — or, for the tokens of a batch,
/// PartitionKey <c>b-{bucket}</c> and RowKey = the hash; campaign and invitation id, and what the token opens);
/// <c>suppressions</c> (PartitionKey = SHA-256 of the normalised address). No token is stored in clear.
/// </summary>
internal sealed class CampaignStore(SurveyStorage storage, ResiliencePipelineProvider<string> pipelines)
{
    private const string AddressPrefix = "a-";
    private const string BucketPrefix = "b-";

    private readonly ResiliencePipeline _enqueue = pipelines.GetPipeline(SurveyPipelines.Enqueue);

    public async Task AddCampaignAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await storage.Campaigns.AddEntityAsync(CampaignEntities.ToEntity(campaign), cancellationToken);
    }

    public async Task<Stored<Campaign>?> GetCampaignAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsKey(id))
        {
            return null;
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        var response = await storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(CampaignEntities.CampaignPartition, id, cancellationToken: cancellationToken);
        return response.HasValue ? new(CampaignEntities.ToCampaign(response.Value!), response.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var campaigns = new List<Campaign>();
        await foreach (var entity in storage.Campaigns.QueryAsync<TableEntity>(e => e.PartitionKey == CampaignEntities.CampaignPartition, cancellationToken: cancellationToken))
        {
            campaigns.Add(CampaignEntities.ToCampaign(entity));
        }

        return campaigns;
    }

    /// <summary>Replaces the campaign if nobody changed it since <paramref name="etag"/>; false when someone did.</summary>
    public async Task<bool> UpdateCampaignAsync(Campaign campaign, ETag etag, CancellationToken cancellationToken)
        => await ConditionalAsync(() => storage.Campaigns.UpdateEntityAsync(CampaignEntities.ToEntity(campaign), etag, TableUpdateMode.Replace, cancellationToken));

    /// <summary>The address hashes already invited to the campaign.</summary>
    public async Task<HashSet<string>> AddressHashesAsync(string campaignId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in storage.Invitations.QueryAsync<TableEntity>(
                           e => e.PartitionKey == campaignId && e.RowKey.CompareTo(AddressPrefix) >= 0 && e.RowKey.CompareTo("a.") < 0,
                           select: ["RowKey"],
                           cancellationToken: cancellationToken))
        {
            hashes.Add(entity.RowKey[AddressPrefix.Length..]);
        }

        return hashes;
    }

    /// <summary>Adds an invitation and claims its address in the campaign; false when the address was already there.</summary>
    public async Task<bool> AddInvitationAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var claim = new TableEntity(invitation.CampaignId, AddressPrefix + invitation.AddressHash) { ["InvitationId"] = invitation.Id };
        try
        {
            await storage.Invitations.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, claim), new TableTransactionAction(TableTransactionActionType.Add, CampaignEntities.ToEntity(invitation))],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    public async Task<Stored<Invitation>?> GetInvitationAsync(string campaignId, string invitationId, CancellationToken cancellationToken)
    {
        if (!IsKey(campaignId) || !IsKey(invitationId))
        {
            return null;
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        var response = await storage.Invitations.GetEntityIfExistsAsync<TableEntity>(campaignId, CampaignEntities.InvitationPrefix + invitationId, cancellationToken: cancellationToken);
        return response.HasValue ? new(CampaignEntities.ToInvitation(response.Value!), response.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<Stored<Invitation>>> ListInvitationsAsync(string campaignId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var invitations = new List<Stored<Invitation>>();
        await foreach (var entity in storage.Invitations.QueryAsync<TableEntity>(
                           e => e.PartitionKey == campaignId && e.RowKey.CompareTo(CampaignEntities.InvitationPrefix) >= 0 && e.RowKey.CompareTo("i.") < 0,
                           cancellationToken: cancellationToken))
        {
            invitations.Add(new(CampaignEntities.ToInvitation(entity), entity.ETag));
        }

        return invitations;
    }

    /// <summary>Replaces the invitation if nobody changed it since <paramref name="etag"/>: the new ETag, or null when someone did.</summary>
    public async Task<ETag?> UpdateInvitationAsync(Invitation invitation, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await storage.Invitations.UpdateEntityAsync(CampaignEntities.ToEntity(invitation), etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the latest version of an invitation under its ETag, reading again
    /// when someone changed it meanwhile. The change returns null to leave it as it is. The stored result, or
    /// null when the invitation is gone or the change declined.
    /// </summary>
    public async Task<Invitation?> ChangeInvitationAsync(string campaignId, string invitationId, Func<Invitation, Invitation?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var current = await GetInvitationAsync(campaignId, invitationId, cancellationToken);
            if (current is null || change(current.Value) is not { } changed)
            {
                return null;
            }

            if (await UpdateInvitationAsync(changed, current.ETag, cancellationToken) is not null)
            {
                return changed;
            }
        }

        throw new InvalidOperationException("An invitation kept changing under 100 attempts to update it.");
    }

    /// <summary>
    /// Marks invitations whose links the committee downloaded as sent, 100 to a transaction under the ETags they were
    /// listed with; the invitations of a transaction that fails because one of them changed meanwhile are marked one
    /// by one on their latest version. Only invitations still queued are marked.
    /// </summary>
    public async Task MarkSentAsync(string campaignId, IEnumerable<Stored<Invitation>> invitations, DateTimeOffset at, CancellationToken cancellationToken)
    {
        static Invitation? Sent(Invitation i, DateTimeOffset at) => i.InviteState == MailState.Queued ? i with { InviteState = MailState.Sent, SentAt = at } : null;
        foreach (var chunk in invitations.Where(i => i.Value.InviteState == MailState.Queued).Chunk(100))
        {
            try
            {
                await storage.Invitations.SubmitTransactionAsync(
                    chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpdateReplace, CampaignEntities.ToEntity(Sent(i.Value, at)!), i.ETag)), cancellationToken);
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 412 or 404)
            {
                foreach (var stored in chunk)
                {
                    await ChangeInvitationAsync(campaignId, stored.Value.Id, i => Sent(i, at), cancellationToken);
                }
            }
        }
    }

    /// <summary>Records a token's hash for an invitation, with what it opens (before the token leaves the app).</summary>
    public async Task AddLinkTokenAsync(string tokenHash, string campaignId, string invitationId, string kind, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await storage.LinkTokens.AddEntityAsync(
            new TableEntity(tokenHash, string.Empty) { ["CampaignId"] = campaignId, ["InvitationId"] = invitationId, ["Kind"] = kind }, cancellationToken);
    }

    /// <summary>
    /// Records the hashes of a batch of survey tokens that share <paramref name="bucket"/>, in one transaction (at
    /// most 100): partition <c>b-{bucket}</c>, a row per hash.
    /// </summary>
    public async Task AddLinkTokensAsync(string bucket, string campaignId, IReadOnlyCollection<(string TokenHash, string InvitationId)> tokens, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        try
        {
            await storage.LinkTokens.SubmitTransactionAsync(
                tokens.Select(t => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    new TableEntity(BucketPrefix + bucket, t.TokenHash) { ["CampaignId"] = campaignId, ["InvitationId"] = t.InvitationId, ["Kind"] = LinkKind.Survey })),
                cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            // The hashes are of fresh random tokens, so only this batch can have written them: Azure.Core retried a
            // try whose answer was lost, and the transaction (all or nothing) is already in.
        }
    }

    /// <summary>The invitation a token hash belongs to and what it opens, or null; <paramref name="bucket"/> for a token of a batch.</summary>
    public async Task<LinkToken?> FindLinkTokenAsync(string tokenHash, string? bucket, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var response = bucket is null
            ? await storage.LinkTokens.GetEntityIfExistsAsync<TableEntity>(tokenHash, string.Empty, cancellationToken: cancellationToken)
            : await storage.LinkTokens.GetEntityIfExistsAsync<TableEntity>(BucketPrefix + bucket, tokenHash, cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.GetString("CampaignId") is { } campaignId && response.Value.GetString("InvitationId") is { } invitationId
            ? new LinkToken(campaignId, invitationId, response.Value.GetString("Kind") ?? LinkKind.Survey)
            : null;
    }

    public async Task<bool> IsSuppressedAsync(string addressHash, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return (await storage.Suppressions.GetEntityIfExistsAsync<TableEntity>(addressHash, string.Empty, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;
    }

    /// <summary>Adds the address hash to the suppression list; idempotent.</summary>
    public async Task SuppressAsync(string addressHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        try
        {
            await storage.Suppressions.AddEntityAsync(new TableEntity(addressHash, string.Empty) { ["At"] = at }, cancellationToken);
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            // Already suppressed.
        }
    }

    /// <summary>Puts a send request (ids only: no address, no token) on the <c>invitations</c> queue.</summary>
    public async Task EnqueueAsync(InvitationMessage message, CancellationToken cancellationToken)
    {
        await _enqueue.ExecuteAsync(
            async token =>
            {
                await storage.EnsureCreatedAsync(token);
                await storage.InvitationsQueue.SendMessageAsync(JsonSerializer.Serialize(message, CampaignJsonContext.Default.InvitationMessage), token);
            },
            cancellationToken);
    }

    private static async Task<bool> ConditionalAsync(Func<Task<Response>> update)
    {
        try
        {
            await update();
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Ids are made here (32 hex digits); anything else from a URL is not looked up.</summary>
    private static bool IsKey(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
