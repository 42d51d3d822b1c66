using System.Globalization;
using Microsoft.AspNetCore.Http;
using Survey.Shared.Storage;

namespace Survey.Shared.Access;

/// <summary>One committee request: who (the credential's name), what (function, method, path and filters), when.</summary>
public sealed record AccessEntry(DateTimeOffset When, string Who, string Function, string Method, string Path, string Query);

/// <summary>
/// The committee's access log. The caller is the name of the committee credential the request was admitted with
/// (<see cref="CommitteeGate"/>). Only the function, path and query are kept — a <c>code</c> parameter is dropped
/// should anyone still send one — so neither a credential nor report content ever reaches the log.
/// </summary>
public sealed class CommitteeAccess
{
    private readonly AccessLogStore _store;
    private readonly TimeProvider _time;

    internal CommitteeAccess(AccessLogStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task RecordAsync(string who, string function, string method, PathString path, IQueryCollection query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var kept = string.Join('&', query
            .Where(q => !string.Equals(q.Key, "code", StringComparison.OrdinalIgnoreCase))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
        await _store.AddAsync(new AccessEntry(_time.GetUtcNow(), who, function, method, path.Value ?? "/", kept), cancellationToken);
    }
    /// <summary>The entries of one UTC day, newest first.</summary>
    public Task<IReadOnlyList<AccessEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken) => _store.ListAsync(day, cancellationToken);

    /// <summary>Today in UTC, for the default of the access-log read.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    internal static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
