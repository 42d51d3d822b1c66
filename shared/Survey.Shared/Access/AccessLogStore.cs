using System.Globalization;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Access;

/// <summary>Table <c>accesslog</c>: PartitionKey = UTC day (<c>yyyy-MM-dd</c>), RowKey = inverted time + a random suffix (newest first).</summary>
internal sealed class AccessLogStore(SurveyStorage storage)
{
    public async Task AddAsync(AccessEntry entry, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - entry.When.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = new TableEntity(CommitteeAccess.DayKey(DateOnly.FromDateTime(entry.When.UtcDateTime)), $"{inverted}-{Guid.NewGuid():N}")
        {
            ["When"] = entry.When,
            ["Who"] = entry.Who,
            ["Function"] = entry.Function,
            ["Method"] = entry.Method,
            ["Path"] = entry.Path,
            ["Query"] = entry.Query,
        };
        await storage.AccessLog.AddEntityAsync(row, cancellationToken);
    }

    public async Task<IReadOnlyList<AccessEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var partition = CommitteeAccess.DayKey(day);
        var entries = new List<AccessEntry>();
        await foreach (var row in storage.AccessLog.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            entries.Add(new AccessEntry(
                row.GetDateTimeOffset("When") ?? default,
                row.GetString("Who") ?? string.Empty,
                row.GetString("Function") ?? string.Empty,
                row.GetString("Method") ?? string.Empty,
                row.GetString("Path") ?? string.Empty,
                row.GetString("Query") ?? string.Empty));
        }

        return entries;
    }
}
