using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Stats;

/// <summary>
/// The frozen snapshots of the public statistics, in table <c>publicstats</c>. A snapshot is one partition
/// <c>snapshot|{ticks}-{id}</c> with one row per plan (RowKey its position, <c>Plan</c> its published counts as
/// JSON, a few KiB, far below the 64 KiB of a string property), written in transactions of at most 100 rows; then
/// the row <c>latest</c> is pointed at it. So a reader sees the previous snapshot or the whole new one, never a
/// part. Older snapshots are kept (they were public); a year of weekly snapshots of 500 plans is 26,000 rows.
/// </summary>
internal sealed class PublicSnapshotStore(TableServiceClient tables)
{
    private const string LatestPartition = "latest";
    private const string SnapshotPrefix = "snapshot|";
    private const int MaxOperations = 100;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.PublicStatsTable);
    private Task? _creation;

    /// <summary>Stores a snapshot and makes it the latest.</summary>
    public async Task SaveAsync(PublicStatsAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await EnsureCreatedAsync(cancellationToken);
        var asOf = answer.AsOf ?? throw new ArgumentException("A snapshot needs the time it was taken.", nameof(answer));
        var partition = SnapshotPrefix + asOf.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        var rows = answer.Plans.Select((plan, i) => new TableTransactionAction(
            TableTransactionActionType.Add,
            new TableEntity(partition, i.ToString("D6", CultureInfo.InvariantCulture)) { ["Plan"] = JsonSerializer.Serialize(plan, PublicSnapshotJsonContext.Default.PublicPlanStats) }));
        foreach (var part in rows.Chunk(MaxOperations))
        {
            await _table.SubmitTransactionAsync(part, cancellationToken);
        }

        var latest = new TableEntity(LatestPartition, string.Empty)
        {
            ["Snapshot"] = partition,
            ["AsOf"] = asOf,
            ["SuppressBelowOrEqual"] = answer.SuppressBelowOrEqual,
            ["Plans"] = answer.Plans.Count,
        };
        await _table.UpsertEntityAsync(latest, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The latest snapshot, or null before the first.</summary>
    public async Task<PublicStatsAnswer?> ReadLatestAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var latest = await _table.GetEntityIfExistsAsync<TableEntity>(LatestPartition, string.Empty, cancellationToken: cancellationToken);
        if (!latest.HasValue || latest.Value is not { } head || head.GetString("Snapshot") is not { } partition)
        {
            return null;
        }

        var plans = new List<(string RowKey, PublicPlanStats Plan)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            plans.Add((row.RowKey, JsonSerializer.Deserialize(row.GetString("Plan"), PublicSnapshotJsonContext.Default.PublicPlanStats)!));
        }

        return new PublicStatsAnswer(head.GetInt32("SuppressBelowOrEqual") ?? 0, plans.OrderBy(p => p.RowKey, StringComparer.Ordinal).Select(p => p.Plan).ToList())
        {
            AsOf = head.GetDateTimeOffset("AsOf"),
        };
    }

    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = _table.CreateIfNotExistsAsync(CancellationToken.None);
            current = Interlocked.CompareExchange(ref _creation, fresh, current) == current ? fresh : Volatile.Read(ref _creation)!;
        }

        return current.IsCompletedSuccessfully ? Task.CompletedTask : current.WaitAsync(cancellationToken);
    }
}

/// <summary>The JSON of a plan's published counts in a snapshot row.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PublicPlanStats))]
internal sealed partial class PublicSnapshotJsonContext : JsonSerializerContext;
