using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Signals;

/// <summary>A stored signal, with how it stood in the last digest that carried it (null when no digest did).</summary>
internal sealed record StoredSignal(Signal Signal, string? DigestedMonth, string? DigestedStrength);

/// <summary>A digest: its id (inverted ticks, so the newest sorts first), when it was made, and whether every subscriber was handled.</summary>
internal sealed record DigestRecord(string Id, DateTimeOffset CreatedAt, bool Completed);

/// <summary>
/// Table layout of signals. In <c>signals</c>: PartitionKey <c>signal</c>, one row per plan × setting × measure ever
/// signalled (the signal as JSON, and how the last digest carried it); <c>state</c>|<c>recompute</c>, what the last
/// recompute saw of the plans (a fingerprint of their versions); <c>digest</c>, one row per digest; and
/// <c>digest|{id}</c>, the digest's signals. Addresses live apart, in <c>signalsubscribers</c>: PartitionKey
/// <c>subscriber</c> (RowKey the address hash, the address), <c>token</c> (RowKey the SHA-256 of an unsubscribe
/// token, the address hash), <c>suppressed</c> (hashes of addresses that unsubscribed) and <c>sent|{digest id}</c>
/// (hashes a digest went to). Reading the signals is one partition query, whatever the number of reports.
/// </summary>
internal sealed class SignalStore(TableServiceClient tables)
{
    public const string SignalsTable = "signals";
    public const string SubscribersTable = "signalsubscribers";
    private const string SignalPartition = "signal";
    private const string StatePartition = "state";
    private const string DigestPartition = "digest";
    private const string SubscriberPartition = "subscriber";
    private const string TokenPartition = "token";
    private const string SuppressedPartition = "suppressed";

    private readonly TableClient _signals = tables.GetTableClient(SignalsTable);
    private readonly TableClient _subscribers = tables.GetTableClient(SubscribersTable);
    private Task? _creation;

    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = Task.WhenAll(_signals.CreateIfNotExistsAsync(CancellationToken.None), _subscribers.CreateIfNotExistsAsync(CancellationToken.None));
            current = Interlocked.CompareExchange(ref _creation, fresh, current) == current ? fresh : Volatile.Read(ref _creation)!;
        }

        return current.IsCompletedSuccessfully ? Task.CompletedTask : current.WaitAsync(cancellationToken);
    }

    /// <summary>Every signal ever found (active and withdrawn), by one partition query.</summary>
    public async Task<IReadOnlyList<StoredSignal>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var result = new List<StoredSignal>();
        await foreach (var row in _signals.QueryAsync<TableEntity>(e => e.PartitionKey == SignalPartition, cancellationToken: cancellationToken))
        {
            if (row.GetString("Json") is { Length: > 0 } json && JsonSerializer.Deserialize(json, SignalJsonContext.Default.Signal) is { } signal)
            {
                result.Add(new StoredSignal(signal, row.GetString("DigestedMonth"), row.GetString("DigestedStrength")));
            }
        }

        return result;
    }

    /// <summary>Writes signals (new or changed), leaving how digests carried them as it is.</summary>
    public async Task SaveAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        foreach (var part in signals.Chunk(100))
        {
            await _signals.SubmitTransactionAsync(
                part.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(SignalPartition, s.Key) { ["Json"] = JsonSerializer.Serialize(s, SignalJsonContext.Default.Signal) })),
                cancellationToken);
        }
    }

    /// <summary>Notes how a digest carried signals: their month and strength then.</summary>
    public async Task MarkDigestedAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken)
    {
        foreach (var part in signals.Chunk(100))
        {
            await _signals.SubmitTransactionAsync(
                part.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(SignalPartition, s.Key) { ["DigestedMonth"] = s.Month, ["DigestedStrength"] = s.Strength })),
                cancellationToken);
        }
    }

    /// <summary>The fingerprint of the plans the last recompute saw, and when it ran.</summary>
    public async Task<(string? Fingerprint, DateTimeOffset? ComputedAt)> ReadStateAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var row = await _signals.GetEntityIfExistsAsync<TableEntity>(StatePartition, "recompute", cancellationToken: cancellationToken);
        return row.HasValue ? (row.Value!.GetString("Fingerprint"), row.Value.GetDateTimeOffset("ComputedAt")) : (null, null);
    }

    public async Task WriteStateAsync(string fingerprint, DateTimeOffset computedAt, CancellationToken cancellationToken)
        => await _signals.UpsertEntityAsync(new TableEntity(StatePartition, "recompute") { ["Fingerprint"] = fingerprint, ["ComputedAt"] = computedAt }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The newest digest, if any.</summary>
    public async Task<DigestRecord?> LatestDigestAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await foreach (var row in _signals.QueryAsync<TableEntity>(e => e.PartitionKey == DigestPartition, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return new DigestRecord(row.RowKey, row.GetDateTimeOffset("CreatedAt") ?? default, row.GetBoolean("Completed") == true);
        }

        return null;
    }

    /// <summary>
    /// Adds a digest with its signals: the signals first (rows of the digest's own partition, idempotent), then the digest
    /// row, so a digest row always has its signals. False when a digest with this id exists already.
    /// </summary>
    public async Task<bool> AddDigestAsync(DigestRecord digest, IReadOnlyList<Signal> signals, CancellationToken cancellationToken)
    {
        foreach (var part in signals.Chunk(100))
        {
            await _signals.SubmitTransactionAsync(
                part.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(DigestPartition + "|" + digest.Id, s.Key) { ["Json"] = JsonSerializer.Serialize(s, SignalJsonContext.Default.Signal) })),
                cancellationToken);
        }

        try
        {
            await _signals.AddEntityAsync(new TableEntity(DigestPartition, digest.Id) { ["CreatedAt"] = digest.CreatedAt, ["Completed"] = false, ["Signals"] = signals.Count }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The signals a digest carries.</summary>
    public async Task<IReadOnlyList<Signal>> ReadDigestAsync(string digestId, CancellationToken cancellationToken)
    {
        var result = new List<Signal>();
        await foreach (var row in _signals.QueryAsync<TableEntity>(e => e.PartitionKey == DigestPartition + "|" + digestId, cancellationToken: cancellationToken))
        {
            if (JsonSerializer.Deserialize(row.GetString("Json"), SignalJsonContext.Default.Signal) is { } signal)
            {
                result.Add(signal);
            }
        }

        return result;
    }

    public async Task CompleteDigestAsync(string digestId, CancellationToken cancellationToken)
        => await _signals.UpdateEntityAsync(new TableEntity(DigestPartition, digestId) { ["Completed"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Adds a subscriber; false when the address unsubscribed before (it is honoured: not added).</summary>
    public async Task<bool> AddSubscriberAsync(string addressHash, string email, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var suppressed = await _subscribers.GetEntityIfExistsAsync<TableEntity>(SuppressedPartition, addressHash, cancellationToken: cancellationToken);
        if (suppressed.HasValue)
        {
            return false;
        }

        await _subscribers.UpsertEntityAsync(new TableEntity(SubscriberPartition, addressHash) { ["Email"] = email, ["AddedAt"] = at }, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>Removes a subscriber (its address is deleted); true when it was there.</summary>
    public async Task<bool> RemoveSubscriberAsync(string addressHash, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            await _subscribers.DeleteEntityAsync(SubscriberPartition, addressHash, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The subscribers: address hash and address.</summary>
    public async Task<IReadOnlyList<(string AddressHash, string Email)>> ListSubscribersAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var result = new List<(string, string)>();
        await foreach (var row in _subscribers.QueryAsync<TableEntity>(e => e.PartitionKey == SubscriberPartition, cancellationToken: cancellationToken))
        {
            if (row.GetString("Email") is { Length: > 0 } email)
            {
                result.Add((row.RowKey, email));
            }
        }

        return result;
    }

    /// <summary>Stores an unsubscribe token's hash for an address.</summary>
    public async Task AddTokenAsync(string tokenHash, string addressHash, DateTimeOffset at, CancellationToken cancellationToken)
        => await _subscribers.UpsertEntityAsync(new TableEntity(TokenPartition, tokenHash) { ["AddressHash"] = addressHash, ["IssuedAt"] = at }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The address hash an unsubscribe token stands for, or null for an unknown token.</summary>
    public async Task<string?> TokenAddressAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var row = await _subscribers.GetEntityIfExistsAsync<TableEntity>(TokenPartition, tokenHash, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("AddressHash") : null;
    }

    /// <summary>Unsubscribes an address for good: its hash is suppressed, then its subscription and address deleted.</summary>
    public async Task SuppressAsync(string addressHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _subscribers.UpsertEntityAsync(new TableEntity(SuppressedPartition, addressHash) { ["At"] = at }, TableUpdateMode.Replace, cancellationToken);
        await RemoveSubscriberAsync(addressHash, cancellationToken);
    }

    /// <summary>Claims the sending of a digest to an address: false when it was claimed (sent) before.</summary>
    public async Task<bool> ClaimSendAsync(string digestId, string addressHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await _subscribers.AddEntityAsync(new TableEntity("sent|" + digestId, addressHash) { ["At"] = at }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            return false;
        }
    }

    /// <summary>Gives a claim back after a send that failed, so the next run sends it.</summary>
    public async Task ReleaseSendAsync(string digestId, string addressHash, CancellationToken cancellationToken)
        => await _subscribers.DeleteEntityAsync("sent|" + digestId, addressHash, ETag.All, cancellationToken);

    /// <summary>A digest id: inverted ticks, so the newest digest is the first row of its partition.</summary>
    public static string DigestId(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
