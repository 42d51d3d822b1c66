using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Aggregation;

[Collection(StorageGroup.Name)]
public sealed class PlanAuditorTests(StorageFixture fixture)
{
    private PlanAuditor Auditor => fixture.Services.GetRequiredService<PlanAuditor>();

    private TableClient PlanStats => new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.PlanStatsTable);

    [Fact]
    public async Task Healthy_aggregates_show_no_drift()
    {
        var plan = await CountReportsAsync(6);

        var report = await Auditor.ReconcileAsync(plan, repair: false, default);

        Assert.Equal(1, report.PlansChecked);
        Assert.Equal(6, report.ReportsCounted);
        Assert.Empty(report.Drift);
    }

    [Fact]
    public async Task Reconcile_finds_a_corrupted_cell_reports_it_and_repairs_it_only_when_asked()
    {
        var plan = await CountReportsAsync(6);
        var healthy = await fixture.Services.GetRequiredService<PlanStore>().ReadMonthsAsync(plan, default);
        await CorruptAsync(plan, "agg|cell|2025-02|MA|ibclc|home|unknown|unknown", counts => counts["reports"] += 5);

        var found = await Auditor.ReconcileAsync(plan, repair: false, default);

        var drift = Assert.Single(found.Drift);
        Assert.False(drift.Repaired);
        var difference = Assert.Single(drift.Differences);
        Assert.Equal(new CounterDrift("cell|2025-02|MA|ibclc|home|unknown|unknown", "reports", healthy["2025-02"].Counts["reports"] + 5, healthy["2025-02"].Counts["reports"]), difference);
        Assert.Single((await Auditor.ReconcileAsync(plan, repair: false, default)).Drift);

        var repaired = await Auditor.ReconcileAsync(plan, repair: true, default);

        Assert.True(Assert.Single(repaired.Drift).Repaired);
        Assert.Empty((await Auditor.ReconcileAsync(plan, repair: false, default)).Drift);
        Assert.Equal(healthy["2025-02"].Counts, (await fixture.Services.GetRequiredService<PlanStore>().ReadMonthsAsync(plan, default))["2025-02"].Counts);
    }

    [Fact]
    public async Task Rebuild_recreates_a_lost_total_with_the_plan_names()
    {
        var plan = await CountReportsAsync(4);
        var store = fixture.Services.GetRequiredService<PlanStore>();
        var before = (await store.ReadTotalAsync(plan, default))!;
        await PlanStats.DeleteEntityAsync(plan, "agg|total");
        await PlanStats.UpsertEntityAsync(new TableEntity(plan, "agg|cell|2019-01|MA|family|office|hmo|unknown") { ["Counts"] = "{\"reports\":3}" });

        var report = await Auditor.ReconcileAsync(plan, repair: true, default);

        Assert.NotEmpty(Assert.Single(report.Drift).Differences);
        var after = (await store.ReadTotalAsync(plan, default))!;
        Assert.Equal(before.Counts, after.Counts);
        Assert.Equal(before.Insurer, after.Insurer);
        Assert.DoesNotContain("2019-01", (await store.ReadMonthsAsync(plan, default)).Keys);
    }

    [Fact]
    public async Task Reconciling_every_plan_checks_each_listed_plan()
    {
        var plan = await CountReportsAsync(2);
        await CorruptAsync(plan, "agg|total", counts => counts.Remove("role:ibclc"));

        var report = await Auditor.ReconcileAsync(planKey: null, repair: true, default);

        Assert.Contains(report.Drift, d => d.PlanKey == plan);
        Assert.True(report.PlansChecked >= 1);
        Assert.Empty((await Auditor.ReconcileAsync(planKey: null, repair: false, default)).Drift);
    }

    private async Task<string> CountReportsAsync(int count)
    {
        var insurer = SampleReports.UniqueInsurer("Audit");
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        for (var i = 0; i < count; i++)
        {
            await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer, month: i % 2 == 0 ? "2025-01" : "2025-02")), default);
        }

        return PlanKeys.Unverified(insurer, null);
    }

    private async Task CorruptAsync(string plan, string rowKey, Action<Dictionary<string, long>> change)
    {
        var row = (await PlanStats.GetEntityAsync<TableEntity>(plan, rowKey)).Value;
        var counts = JsonSerializer.Deserialize<Dictionary<string, long>>(row.GetString("Counts"))!;
        change(counts);
        row["Counts"] = JsonSerializer.Serialize(counts);
        await PlanStats.UpdateEntityAsync(row, row.ETag);
    }
}
