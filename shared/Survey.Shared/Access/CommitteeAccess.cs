using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Survey.Shared.Storage;

namespace Survey.Shared.Access;

/// <summary>One committee request: who (the key's name), what (function, method, path and filters), when.</summary>
public sealed record AccessEntry(DateTimeOffset When, string Who, string Function, string Method, string Path, string Query);

/// <summary>
/// The committee's access log. The caller is the name of the function key it used: the Functions host
/// puts it in the <see cref="KeyIdClaimType"/> claim of the request's key identity, and the local runner
/// does the same. Only the function, path and query are kept (the key itself, in <c>code</c>, is dropped):
/// no report content ever reaches the log.
/// </summary>
public sealed class CommitteeAccess
{
    /// <summary>The claim with the name of the function key a request was authorized with.</summary>
    public const string KeyIdClaimType = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";

    private const string KeyAuthenticationType = "key";
    private readonly AccessLogStore _store;
    private readonly TimeProvider _time;

    internal CommitteeAccess(AccessLogStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The identity of a request authorized by the named key.</summary>
    public static ClaimsPrincipal Principal(string keyName)
        => new(new ClaimsIdentity([new Claim(KeyIdClaimType, keyName)], KeyAuthenticationType));

    /// <summary>The key name of a principal, or <c>unknown key</c> when the host did not say.</summary>
    public static string Who(ClaimsPrincipal? user)
        => user?.Identities.SelectMany(i => i.Claims).FirstOrDefault(c => c.Type == KeyIdClaimType)?.Value ?? "unknown key";

    public async Task RecordAsync(ClaimsPrincipal? user, string function, string method, PathString path, IQueryCollection query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var kept = string.Join('&', query
            .Where(q => !string.Equals(q.Key, "code", StringComparison.OrdinalIgnoreCase))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
        await _store.AddAsync(new AccessEntry(_time.GetUtcNow(), Who(user), function, method, path.Value ?? "/", kept), cancellationToken);
    }

    /// <summary>The entries of one UTC day, newest first.</summary>
    public Task<IReadOnlyList<AccessEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken) => _store.ListAsync(day, cancellationToken);

    /// <summary>Today in UTC, for the default of the access-log read.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    internal static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
