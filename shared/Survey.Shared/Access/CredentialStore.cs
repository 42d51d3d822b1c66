using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Access;

/// <summary>
/// Table <c>committee</c>. Partition <c>credentials</c>: a row <c>name|{name}</c> (hash, created, expiry) and a row
/// <c>hash|{sha256}</c> (name, expiry) per credential, written and removed together in one transaction, so a name is
/// unique and a credential is found by one point read of its hash. Partition <c>sessions</c>: <c>{sha256 of the
/// session token}</c> with the credential's hash, name, expiry and the session's CSRF token. Only hashes of secrets.
/// </summary>
internal sealed class CredentialStore(SurveyStorage storage)
{
    private const string Credentials = "credentials";
    private const string Sessions = "sessions";

    public async Task<bool> AddAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        try
        {
            await storage.Committee.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, NameRow(credential)),
                new TableTransactionAction(TableTransactionActionType.Add, HashRow(credential)),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the credential of <paramref name="name"/>: the old hash stops working in the same transaction.</summary>
    public async Task<bool> ReplaceAsync(string name, StoredCredential fresh, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var current = await GetAsync(name, cancellationToken);
        if (current is null)
        {
            return false;
        }

        // The same value again only changes the expiry: one operation per entity in a transaction.
        await storage.Committee.SubmitTransactionAsync(current.Value.Credential.Hash == fresh.Hash
            ?
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, NameRow(fresh), current.Value.ETag),
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, HashRow(fresh), ETag.All),
            ]
            :
            [
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Credentials, HashKey(current.Value.Credential.Hash)), ETag.All),
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, NameRow(fresh), current.Value.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, HashRow(fresh)),
            ], cancellationToken);
        return true;
    }

    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var current = await GetAsync(name, cancellationToken);
        if (current is null)
        {
            return false;
        }

        await storage.Committee.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Credentials, HashKey(current.Value.Credential.Hash)), ETag.All),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Credentials, NameKey(name)), current.Value.ETag),
        ], cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<StoredCredential>> ListAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var list = new List<StoredCredential>();
        await foreach (var row in storage.Committee.QueryAsync<TableEntity>(
            e => e.PartitionKey == Credentials && e.RowKey.CompareTo("name|") >= 0 && e.RowKey.CompareTo("name}") < 0, cancellationToken: cancellationToken))
        {
            list.Add(FromNameRow(row));
        }

        return list;
    }

    /// <summary>The name and expiry stored for a credential's hash, or null.</summary>
    public async Task<(string Name, DateTimeOffset? ExpiresAt)?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var row = await storage.Committee.GetEntityIfExistsAsync<TableEntity>(Credentials, HashKey(hash), cancellationToken: cancellationToken);
        return row.HasValue ? (row.Value!.GetString("Name") ?? string.Empty, row.Value.GetDateTimeOffset("ExpiresAt")) : null;
    }

    public async Task AddSessionAsync(StoredSession session, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await storage.Committee.AddEntityAsync(new TableEntity(Sessions, session.TokenHash)
        {
            ["CredentialHash"] = session.CredentialHash,
            ["Name"] = session.Name,
            ["ExpiresAt"] = session.ExpiresAt,
            ["Csrf"] = session.Csrf,
        }, cancellationToken);
    }

    public async Task<StoredSession?> FindSessionAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var row = await storage.Committee.GetEntityIfExistsAsync<TableEntity>(Sessions, tokenHash, cancellationToken: cancellationToken);
        return row.HasValue
            ? new StoredSession(tokenHash, row.Value!.GetString("CredentialHash") ?? string.Empty, row.Value.GetString("Name") ?? string.Empty,
                row.Value.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue, row.Value.GetString("Csrf") ?? string.Empty)
            : null;
    }

    public async Task RemoveSessionAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await storage.Committee.DeleteEntityAsync(Sessions, tokenHash, ETag.All, cancellationToken);
    }

    private async Task<(StoredCredential Credential, ETag ETag)?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var row = await storage.Committee.GetEntityIfExistsAsync<TableEntity>(Credentials, NameKey(name), cancellationToken: cancellationToken);
        return row.HasValue ? (FromNameRow(row.Value!), row.Value!.ETag) : null;
    }

    private static TableEntity NameRow(StoredCredential credential) => new(Credentials, NameKey(credential.Name))
    {
        ["Name"] = credential.Name,
        ["Hash"] = credential.Hash,
        ["CreatedAt"] = credential.CreatedAt,
        ["ExpiresAt"] = credential.ExpiresAt,
    };

    private static TableEntity HashRow(StoredCredential credential) => new(Credentials, HashKey(credential.Hash))
    {
        ["Name"] = credential.Name,
        ["ExpiresAt"] = credential.ExpiresAt,
    };

    private static StoredCredential FromNameRow(TableEntity row) => new(
        row.GetString("Name") ?? string.Empty,
        row.GetString("Hash") ?? string.Empty,
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("ExpiresAt"));

    private static string NameKey(string name) => "name|" + name.ToLower(CultureInfo.InvariantCulture);

    private static string HashKey(string hash) => "hash|" + hash;
}

internal sealed record StoredCredential(string Name, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

internal sealed record StoredSession(string TokenHash, string CredentialHash, string Name, DateTimeOffset ExpiresAt, string Csrf);
