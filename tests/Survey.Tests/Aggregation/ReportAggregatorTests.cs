using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Aggregation;

[Collection(StorageGroup.Name)]
public sealed class ReportAggregatorTests(StorageFixture fixture)
{
    private ReportAggregator Aggregator => fixture.Services.GetRequiredService<ReportAggregator>();

    private PlanStatsReader Stats => fixture.Services.GetRequiredService<PlanStatsReader>();

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    [Fact]
    public async Task The_same_message_processed_twice_counts_once()
    {
        var insurer = SampleReports.UniqueInsurer();
        var message = Envelopes.Message(Envelopes.Report(insurer, setting: "home", outcome: "denied"));

        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(message, default));
        Assert.Equal(AggregationOutcome.Duplicate, await Aggregator.ProcessAsync(message, default));

        var plan = await Stats.GetAsync(PlanKeys.Unverified(insurer, null), default);
        Assert.NotNull(plan);
        Assert.Equal(1, plan.Reports);
        Assert.Equal(1, plan.BySetting["home"].Outcomes["denied"]);
        Assert.Equal(1, Assert.Single(plan.Months).Value.Reports);
    }

    [Fact]
    public async Task A_submission_id_reused_for_another_plan_counts_only_under_the_first()
    {
        var reportId = Guid.NewGuid().ToString("D");
        var first = SampleReports.UniqueInsurer();
        var second = SampleReports.UniqueInsurer();

        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(first), reportId), default));
        Assert.Equal(AggregationOutcome.Duplicate, await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(second), reportId), default));

        Assert.Equal(1, (await Stats.GetAsync(PlanKeys.Unverified(first, null), default))!.Reports);
        Assert.Null(await Stats.GetAsync(PlanKeys.Unverified(second, null), default));
    }

    [Fact]
    public async Task Five_hundred_reports_over_four_plans_with_duplicates_by_eight_concurrent_workers_count_exactly_once()
    {
        var plans = Enumerable.Range(0, 4).Select(i => (Insurer: SampleReports.UniqueInsurer($"Concurrent {i}"), Plan: i % 2 == 0 ? "PPO" : null)).ToArray();
        var settings = ReportSchema.Settings;
        var outcomes = ReportSchema.Outcomes;
        var months = new[] { "2025-01", "2025-02", "2025-03" };
        var random = new Random(20261127);

        var unique = Enumerable.Range(0, 520).Select(i =>
        {
            var (insurer, plan) = plans[i % plans.Length];
            var report = Envelopes.Report(insurer, plan, settings[random.Next(settings.Length)], outcomes[random.Next(outcomes.Length)], months[random.Next(months.Length)], priorAuth: i % 3 == 0 ? "yes" : null);
            return (Report: report, Message: Envelopes.Message(report));
        }).ToList();

        // Every fifth report is delivered again, some of them three times.
        var deliveries = unique.Select(u => u.Message)
            .Concat(unique.Where((_, i) => i % 5 == 0).Select(u => u.Message))
            .Concat(unique.Where((_, i) => i % 25 == 0).Select(u => u.Message))
            .OrderBy(_ => random.Next())
            .ToList();

        var outcomesSeen = new System.Collections.Concurrent.ConcurrentBag<AggregationOutcome>();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (message, token) =>
            outcomesSeen.Add(await Aggregator.ProcessAsync(message, token)));

        Assert.Equal(unique.Count, outcomesSeen.Count(o => o == AggregationOutcome.Counted));
        Assert.Equal(deliveries.Count - unique.Count, outcomesSeen.Count(o => o == AggregationOutcome.Duplicate));

        foreach (var (insurer, plan) in plans)
        {
            var planKey = PlanKeys.Unverified(insurer, plan);
            var sent = unique.Where(u => u.Report.Insurer == insurer).Select(u => u.Report).ToList();

            // What the aggregates hold equals what the reports sent say...
            var total = await Store.ReadTotalAsync(planKey, default);
            Assert.NotNull(total);
            Assert.Equal(ReportCounters.Sum(sent), total.Counts);
            var stored = await Store.ReadMonthsAsync(planKey, default);
            foreach (var month in months)
            {
                Assert.Equal(ReportCounters.Sum(sent.Where(r => r.ServiceMonth == month)), stored[month].Counts);
            }

            // ...and what the counts recomputed from the stored report rows say.
            var reports = await Store.ReadReportsAsync(planKey, default).ToListAsync();
            Assert.Equal(sent.Count, reports.Count);
            Assert.Equal(ReportCounters.Sum(reports.Select(r => r.Report)), total.Counts);
        }
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":99,\"reportId\":\"6f1b6f5e-1d2c-4b7a-9a53-1f1a1f1a1f1a\",\"receivedAt\":\"2025-01-01T00:00:00Z\",\"report\":{}}")]
    public async Task A_message_that_is_not_a_report_goes_to_the_poison_queue_at_once(string message)
    {
        Assert.Equal(AggregationOutcome.Poisoned, await Aggregator.ProcessAsync(message, default));
        Assert.Contains(message, await PoisonTextsAsync());
    }

    [Fact]
    public async Task A_report_that_breaks_the_schema_goes_to_the_poison_queue_and_is_not_counted()
    {
        var insurer = SampleReports.UniqueInsurer();
        var message = Envelopes.Message(Envelopes.Report(insurer, setting: "garage"));

        Assert.Equal(AggregationOutcome.Poisoned, await Aggregator.ProcessAsync(message, default));
        Assert.Contains(message, await PoisonTextsAsync());
        Assert.Null(await Stats.GetAsync(PlanKeys.Unverified(insurer, null), default));
    }

    [Theory]
    [InlineData("Blue Cross/Blue Shield", "HMO Blue\\New England")]
    [InlineData("Plan #5?", null)]
    [InlineData("Saúde Família 🍼", "Básico")]
    public async Task Names_with_characters_table_keys_forbid_are_counted_and_read_back(string name, string? plan)
    {
        var insurer = name + " " + Guid.NewGuid().ToString("N");
        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer, plan)), default));

        var stats = await Stats.GetAsync(PlanKeys.Unverified(insurer, plan), default);
        Assert.NotNull(stats);
        Assert.Equal(insurer, stats.Insurer);
        Assert.Equal(plan, stats.Plan);
        Assert.Equal(1, stats.Reports);
    }

    [Fact]
    public async Task The_contact_email_is_stored_apart_from_the_report()
    {
        var insurer = SampleReports.UniqueInsurer();
        var reportId = Guid.NewGuid().ToString("D");
        await Aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer), reportId, contactEmail: "parent@example.org"), default);

        var tables = new TableServiceClient(fixture.ConnectionString);
        var row = await tables.GetTableClient(StorageNames.PlanStatsTable).GetEntityAsync<TableEntity>(PlanKeys.Unverified(insurer, null), "rep|" + reportId);
        Assert.DoesNotContain("parent@example.org", JsonSerializer.Serialize(row.Value), StringComparison.Ordinal);
        var contact = await tables.GetTableClient(StorageNames.ContactsTable).GetEntityAsync<TableEntity>(reportId, string.Empty);
        Assert.Equal("parent@example.org", contact.Value.GetString("Email"));
    }

    private async Task<List<string>> PoisonTextsAsync()
    {
        // The app writes base64, like the host; read with the same rule.
        var poison = new Azure.Storage.Queues.QueueClient(fixture.ConnectionString, StorageNames.ReportsPoisonQueue, new() { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        // The aggregator wraps what it poisons with the reason ({poisonVersion, reason, poisonedAt, original}).
        var messages = await poison.PeekMessagesAsync(32);
        return messages.Value.Select(m => System.Text.Json.Nodes.JsonNode.Parse(m.MessageText)!)
            .Where(wrapped => !string.IsNullOrEmpty((string?)wrapped["reason"]))
            .Select(wrapped => (string)wrapped["original"]!)
            .ToList();
    }
}
