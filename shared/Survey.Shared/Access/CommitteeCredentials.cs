using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Access;

/// <summary>A credential as listed: never its value, never its hash.</summary>
public sealed record CommitteeCredential(string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>A credential just made: its value is shown this once and is stored only as a hash.</summary>
public sealed record IssuedCredential(string Name, string Credential, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>A signed-in browser: who, until when, and the token its forms must carry (CSRF).</summary>
public sealed record CommitteeSession(string Token, string Name, DateTimeOffset ExpiresAt, string Csrf);

/// <summary>
/// The committee's credentials, managed by the app (not the Functions host, which does not tell the worker which
/// key a request used): named, random, stored only as SHA-256 hashes, with an optional expiry, created, rotated
/// and revoked at run time. Every check reads storage, so a revoked or expired credential — and every browser
/// session signed in with it — is refused from the next request on, without a restart.
/// </summary>
public sealed partial class CommitteeCredentials
{
    /// <summary>The shortest value a caller may choose for a credential (generated ones have 256 random bits).</summary>
    public const int MinimumChosenLength = 16;

    private readonly CredentialStore _store;
    private readonly TimeProvider _time;
    private readonly CommitteeOptions _options;
    private readonly ILogger<CommitteeCredentials> _logger;

    internal CommitteeCredentials(CredentialStore store, TimeProvider time, IOptions<CommitteeOptions> options, ILogger<CommitteeCredentials> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Why a name or a chosen value cannot be used, by field; empty when both are fine.</summary>
    public static Dictionary<string, string[]> Check(string? name, string? value, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            errors["name"] = ["Must be 1 to 64 letters, digits, '.', '_' or '-' (the name the access log shows, e.g. 'alice')."];
        }

        if (value is not null && (value.Length < MinimumChosenLength || value.Length > 256 || value.Any(c => c <= ' ' || c > '~')))
        {
            errors["value"] = [$"Must be {MinimumChosenLength} to 256 printable ASCII characters without spaces; leave it out to have one generated."];
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = ["Must be in the future."];
        }

        return errors;
    }

    /// <summary>Makes a credential for <paramref name="name"/>; null when the name is taken.</summary>
    public async Task<IssuedCredential?> CreateAsync(string name, string? value, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var issued = Issue(name, value, expiresAt);
        if (!await _store.AddAsync(new StoredCredential(name, Hash(issued.Credential), issued.CreatedAt, expiresAt), cancellationToken))
        {
            return null;
        }

        LogCreated(_logger, name);
        return issued;
    }

    /// <summary>Gives <paramref name="name"/> a new value; the old one (and its sessions) stop working. Null when unknown.</summary>
    public async Task<IssuedCredential?> RotateAsync(string name, string? value, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var issued = Issue(name, value, expiresAt);
        if (!await _store.ReplaceAsync(name, new StoredCredential(name, Hash(issued.Credential), issued.CreatedAt, expiresAt), cancellationToken))
        {
            return null;
        }

        LogRotated(_logger, name);
        return issued;
    }

    /// <summary>Revokes <paramref name="name"/>: its credential and every session signed in with it. False when unknown.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken)
    {
        var removed = await _store.RemoveAsync(name, cancellationToken);
        if (removed)
        {
            LogRevoked(_logger, name);
        }

        return removed;
    }

    public async Task<IReadOnlyList<CommitteeCredential>> ListAsync(CancellationToken cancellationToken)
        => [.. (await _store.ListAsync(cancellationToken)).Select(c => new CommitteeCredential(c.Name, c.CreatedAt, c.ExpiresAt)).OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Makes sure <paramref name="name"/> has exactly <paramref name="value"/> (the local runner's configured keys):
    /// created when missing, rotated when different, untouched when equal.
    /// </summary>
    public async Task EnsureAsync(string name, string value, CancellationToken cancellationToken)
    {
        var hash = Hash(value);
        if ((await _store.FindByHashAsync(hash, cancellationToken))?.Name == name)
        {
            return;
        }

        if (await CreateAsync(name, value, expiresAt: null, cancellationToken) is null)
        {
            await RotateAsync(name, value, expiresAt: null, cancellationToken);
        }
    }

    /// <summary>The name of the credential, or null when it is unknown, revoked or expired.</summary>
    public async Task<string?> AuthenticateAsync(string? credential, CancellationToken cancellationToken)
        => string.IsNullOrEmpty(credential) ? null : await NameOfHashAsync(Hash(credential), cancellationToken);

    /// <summary>Signs a browser in with a credential: a new session, or null when the credential is not accepted.</summary>
    public async Task<CommitteeSession?> SignInAsync(string? credential, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(credential))
        {
            return null;
        }

        var hash = Hash(credential);
        if (await NameOfHashAsync(hash, cancellationToken) is not { } name)
        {
            return null;
        }

        var session = new CommitteeSession(NewSecret(), name, _time.GetUtcNow() + _options.SessionLifetime, NewSecret());
        await _store.AddSessionAsync(new StoredSession(Hash(session.Token), hash, name, session.ExpiresAt, session.Csrf), cancellationToken);
        LogSignedIn(_logger, name);
        return session;
    }

    /// <summary>The session of a cookie's token while it and its credential are valid, else null (an expired one is deleted).</summary>
    public async Task<CommitteeSession?> SessionAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }

        var tokenHash = Hash(token);
        if (await _store.FindSessionAsync(tokenHash, cancellationToken) is not { } session)
        {
            return null;
        }

        if (session.ExpiresAt <= _time.GetUtcNow())
        {
            await _store.RemoveSessionAsync(tokenHash, cancellationToken);
            return null;
        }

        return await NameOfHashAsync(session.CredentialHash, cancellationToken) == session.Name
            ? new CommitteeSession(token, session.Name, session.ExpiresAt, session.Csrf)
            : null;
    }

    public Task SignOutAsync(string token, CancellationToken cancellationToken) => _store.RemoveSessionAsync(Hash(token), cancellationToken);

    /// <summary>SHA-256 in lower-case hex: enough for random secrets of 128 bits or more, and a valid table key.</summary>
    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private async Task<string?> NameOfHashAsync(string hash, CancellationToken cancellationToken)
        => await _store.FindByHashAsync(hash, cancellationToken) is { } found && (found.ExpiresAt is null || found.ExpiresAt > _time.GetUtcNow())
            ? found.Name
            : null;

    private IssuedCredential Issue(string name, string? value, DateTimeOffset? expiresAt)
        => new(name, value ?? NewSecret(), _time.GetUtcNow(), expiresAt);

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // Names only: never a credential, a hash or a session token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Committee credential {Name} created")]
    private static partial void LogCreated(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committee credential {Name} rotated")]
    private static partial void LogRotated(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committee credential {Name} revoked")]
    private static partial void LogRevoked(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committee member {Name} signed in")]
    private static partial void LogSignedIn(ILogger logger, string name);
}
