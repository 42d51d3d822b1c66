using Survey.Shared.Reports;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Stats;

/// <summary>The record keys behind the public noise: one per report, the same on every path a report takes.</summary>
[Collection(StorageGroup.Name)]
public sealed class CellKeyTests(StorageFixture fixture)
{
    private ReportAggregator Aggregator => fixture.Services.GetRequiredService<ReportAggregator>();

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    [Fact]
    public async Task A_redelivered_withdrawn_or_rebuilt_report_keeps_its_record_key_so_its_cells_keep_their_keys()
    {
        var insurer = SampleReports.UniqueInsurer("Cell keys");
        var planKey = PlanKeys.Unverified(insurer, null);
        var (first, second, old) = (Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("D"));
        const uint FirstKey = 0xF000_0001u;
        const uint SecondKey = 0x2000_0005u;
        var codeHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var firstMessage = Envelopes.Message(Envelopes.Report(insurer, setting: "home"), first, recordKey: FirstKey);

        // Delivered twice (the second changes nothing), a second report, and one queued before keys were drawn.
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(firstMessage, default));
        Assert.Equal(AggregationOutcome.Duplicate, await Aggregator.ProcessAsync(firstMessage, default));
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer, setting: "office"), second, withdrawalHash: codeHash, recordKey: SecondKey), default));
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer, setting: "home"), old), default));

        Assert.Equal(FirstKey, (await Store.ReadReportAsync(planKey, first, default))!.RecordKey);
        Assert.Equal(RecordKeys.Derive(old), (await Store.ReadReportAsync(planKey, old, default))!.RecordKey);
        var counted = await CellKeysAsync(planKey);
        Assert.Equal((long)FirstKey + SecondKey + RecordKeys.Derive(old), counted[ReportCounters.CellKey(ReportCounters.Reports)]);
        Assert.Equal((long)FirstKey + RecordKeys.Derive(old), counted[ReportCounters.CellKey(ReportCounters.Setting("home"))]);
        Assert.Equal(SecondKey, counted[ReportCounters.CellKey(ReportCounters.Setting("office"))]);
        Assert.Equal(counted, (await Store.ReadCopyAsync(planKey, default)).Copy!.CellKeys);

        // The keys lost from the aggregate rows (as rows written before keys were kept): a rebuild restores the same ones.
        var planStats = new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.PlanStatsTable);
        await foreach (var row in planStats.QueryAsync<TableEntity>(e => e.PartitionKey == planKey && e.RowKey.CompareTo("agg|") >= 0 && e.RowKey.CompareTo("agg}") < 0))
        {
            row["Counts"] = PlanRowFormat.Serialize(ReportCounters.SplitCellKeys(PlanRowFormat.ReadCounts(row)).Counts);
            await planStats.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
        }

        Assert.Empty(await CellKeysAsync(planKey));
        var drift = await fixture.Services.GetRequiredService<PlanAuditor>().ReconcileAsync(planKey, repair: true, default);
        Assert.NotEmpty(drift.Drift);
        Assert.Equal(counted, await CellKeysAsync(planKey));
        Assert.Equal(counted, (await Store.ReadCopyAsync(planKey, default)).Copy!.CellKeys);

        // A withdrawal takes out exactly the key the report was counted with.
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(codeHash), default));
        var withdrawn = await CellKeysAsync(planKey);
        Assert.Equal((long)FirstKey + RecordKeys.Derive(old), withdrawn[ReportCounters.CellKey(ReportCounters.Reports)]);
        Assert.False(withdrawn.ContainsKey(ReportCounters.CellKey(ReportCounters.Setting("office"))));
    }

    private async Task<IReadOnlyDictionary<string, long>> CellKeysAsync(string planKey)
        => (await Store.ReadAggregatesAsync(planKey, default))[PlanStore.TotalRowKey].CellKeys!;
}
