using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Aggregation;

/// <summary>A report withdrawn with its code leaves every aggregate exactly once, and its narrative and contact are deleted.</summary>
[Collection(StorageGroup.Name)]
public sealed class WithdrawalTests(StorageFixture fixture)
{
    private const string Email = "withdrawing-parent@example.org";

    private ReportAggregator Aggregator => fixture.Services.GetRequiredService<ReportAggregator>();

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    private PlanAuditor Auditor => fixture.Services.GetRequiredService<PlanAuditor>();

    [Fact]
    public async Task Withdrawing_a_counted_report_takes_it_out_of_every_aggregate_once_and_deletes_its_row_and_contact()
    {
        var (planKey, others, target) = await CountedPlanAsync();

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default));

        await AssertPlanHoldsExactlyAsync(planKey, others);
        await AssertGoneAsync(planKey, target.ReportId);
    }

    [Fact]
    public async Task Withdrawing_twice_takes_the_report_out_once()
    {
        var (planKey, others, target) = await CountedPlanAsync();

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default));
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default));

        // A redelivery of the report afterwards does not bring it back either.
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(target.Message, default));
        await AssertPlanHoldsExactlyAsync(planKey, others);
        await AssertGoneAsync(planKey, target.ReportId);
    }

    [Fact]
    public async Task A_report_withdrawn_while_still_on_the_queue_is_never_counted()
    {
        var insurer = SampleReports.UniqueInsurer("Withdrawn early");
        var planKey = PlanKeys.Unverified(insurer, null);
        var target = await TargetAsync(Envelopes.Report(insurer, setting: "office", outcome: "denied"));

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default));
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(target.Message, default));
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(target.Message, default));

        Assert.Null(await Store.ReadTotalAsync(planKey, default));
        await AssertGoneAsync(planKey, target.ReportId);
    }

    [Fact]
    public async Task Concurrent_withdrawals_and_redeliveries_of_the_same_report_leave_it_out_exactly_once()
    {
        var (planKey, others, target) = await CountedPlanAsync();
        var messages = Enumerable.Repeat(Envelopes.Withdrawal(target.Hash), 8).Concat(Enumerable.Repeat(target.Message, 4)).ToList();

        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (message, token) =>
            Assert.Contains(await Aggregator.ProcessAsync(message, token), new[] { AggregationOutcome.Withdrawn, AggregationOutcome.Duplicate }));

        await AssertPlanHoldsExactlyAsync(planKey, others);
        await AssertGoneAsync(planKey, target.ReportId);
    }

    [Fact]
    public async Task A_withdrawal_racing_the_first_delivery_leaves_the_report_out()
    {
        for (var round = 0; round < 5; round++)
        {
            var insurer = SampleReports.UniqueInsurer("Race");
            var planKey = PlanKeys.Unverified(insurer, null);
            var target = await TargetAsync(Envelopes.Report(insurer, month: "2025-0" + (round + 1)));

            await Task.WhenAll(
                Aggregator.ProcessAsync(target.Message, default),
                Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default),
                Aggregator.ProcessAsync(target.Message, default));

            Assert.Null(await Store.ReadTotalAsync(planKey, default));
            await AssertGoneAsync(planKey, target.ReportId);
        }
    }

    [Fact]
    public async Task A_report_withdrawn_between_its_claim_and_its_count_whose_delivery_stopped_after_the_commit_is_taken_out_by_its_redelivery()
    {
        var insurer = SampleReports.UniqueInsurer("Withdrawn mid-delivery");
        var planKey = PlanKeys.Unverified(insurer, null);
        var target = await TargetAsync(Envelopes.Report(insurer, setting: "office"));

        // The withdrawal runs just before the delivery saves the contact: after the claim and the code's link, so it
        // finds the report's id but no row to take out yet. The delivery's transaction then commits, and its process
        // stops right after, before it looks at the claim again.
        var withdrawal = new TableHook(TableHook.On("PUT", StorageNames.ContactsTable))
        {
            Before = async () => Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default)),
        };
        var stop = new TableHook(TableHook.On("POST", "$batch")) { CrashAfter = true };
        await using (var first = TableFaults.Services(fixture.ConnectionString, withdrawal, stop))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => first.GetRequiredService<ReportAggregator>().ProcessAsync(target.Message, default));
        }

        Assert.True(withdrawal.Fired && stop.Fired);
        Assert.NotNull(await Store.ReadReportAsync(planKey, target.ReportId, default));

        // The queue delivers the message again.
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(target.Message, default));

        Assert.Null(await Store.ReadTotalAsync(planKey, default));
        await AssertGoneAsync(planKey, target.ReportId);
        Assert.Empty((await Auditor.ReconcileAsync(planKey, repair: false, default)).Drift);
    }

    [Fact]
    public async Task Either_code_of_a_report_posted_twice_withdraws_it()
    {
        // A client that retried its POST (same submission id) got a second code; the first delivery carried the first.
        var (planKey, others, target) = await CountedPlanAsync();
        var second = WithdrawalCode.Create(Envelopes.Key);
        Assert.Equal(AggregationOutcome.Duplicate, await Aggregator.ProcessAsync(Envelopes.Message(target.Report, target.ReportId, Email, second.Hash), default));

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(second.Hash), default));

        await AssertPlanHoldsExactlyAsync(planKey, others);
        await AssertGoneAsync(planKey, target.ReportId);
    }

    [Fact]
    public async Task A_withdrawal_with_an_unknown_code_changes_nothing()
    {
        var (planKey, others, target) = await CountedPlanAsync();

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(WithdrawalCode.Create(Envelopes.Key).Hash, issued: false), default));

        await AssertPlanHoldsExactlyAsync(planKey, [.. others, target.Report]);
    }

    [Fact]
    public async Task Withdrawals_with_made_up_codes_write_no_rows_so_tombstones_cannot_grow()
    {
        // Well-formed codes as anyone could type them, taken as POST /api/reports/withdraw takes them.
        var key = await fixture.Services.GetRequiredService<WithdrawalKey>().GetAsync(default);
        var typed = Enumerable.Range(0, 40).Select(_ => WithdrawalCode.TryRead(RandomCodeText(), key)!.Value).ToList();
        Assert.All(typed, code => Assert.False(code.Issued));

        foreach (var code in typed)
        {
            Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(code.Hash, code.Issued), default));
        }

        var madeUp = typed.Select(code => code.Hash).ToList();

        var index = new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.ReportIndexTable);
        foreach (var hash in madeUp)
        {
            Assert.False((await index.GetEntityIfExistsAsync<TableEntity>("withdrawal|" + hash, string.Empty)).HasValue);
        }
    }

    [Fact]
    public async Task A_report_merged_into_another_plan_is_withdrawn_from_where_it_counts_now()
    {
        var (source, others, target) = await CountedPlanAsync();
        var catalogued = await CataloguePlanAsync();
        Assert.IsType<MergeResult.Merged>(await fixture.Services.GetRequiredService<PlanMerger>().MergeAsync(source, catalogued, default));

        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default));

        await AssertPlanHoldsExactlyAsync(catalogued, others);
        await AssertGoneAsync(catalogued, target.ReportId);
        Assert.Null(await Store.ReadTotalAsync(source, default));
    }

    [Fact]
    public async Task A_merge_that_moves_the_report_after_its_withdrawal_read_the_claim_leaves_it_out_of_the_merge_target()
    {
        var (source, others, target) = await CountedPlanAsync();
        var catalogued = await CataloguePlanAsync();

        // The withdrawal reads the report's claim (the source plan); the whole merge runs right then, moving the
        // report and its claim to the target; then the withdrawal goes on.
        var merge = new TableHook(TableHook.On("GET", StorageNames.ReportIndexTable, target.ReportId))
        {
            After = async () => Assert.IsType<MergeResult.Merged>(await fixture.Services.GetRequiredService<PlanMerger>().MergeAsync(source, catalogued, default)),
        };
        await using (var withdrawing = TableFaults.Services(fixture.ConnectionString, merge))
        {
            Assert.Equal(AggregationOutcome.Withdrawn, await withdrawing.GetRequiredService<ReportAggregator>().ProcessAsync(Envelopes.Withdrawal(target.Hash), default));
        }

        Assert.True(merge.Fired);
        await AssertPlanHoldsExactlyAsync(catalogued, others);
        await AssertGoneAsync(catalogued, target.ReportId);
        Assert.Null(await Store.ReadTotalAsync(source, default));
    }

    [Theory]
    [InlineData("abcd-efgh-ijkl-mnop-qrst-uvwx-yz23-4567")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")]
    [InlineData(" ABCD EFGH IJKL MN0P QRST UVWX YZ23 4567 ")]
    public void A_code_is_recognised_however_it_is_typed(string typed)
        => Assert.Equal(WithdrawalCode.TryRead("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", Envelopes.Key), WithdrawalCode.TryRead(typed, Envelopes.Key));

    [Theory]
    [InlineData("")]
    [InlineData("ABCD-EFGH")]
    [InlineData("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-456!")]
    [InlineData("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD")]
    public void A_text_that_cannot_be_a_code_has_no_hash(string typed)
    {
        Assert.Null(WithdrawalCode.TryRead(typed, Envelopes.Key));
        Assert.False(WithdrawalCode.IsWellFormed(typed));
    }

    [Fact]
    public void Codes_are_160_bit_base32_in_eight_groups_and_carry_the_tag_of_the_key_that_issued_them()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => WithdrawalCode.Create(Envelopes.Key)).ToList();
        Assert.All(codes, c => Assert.Matches("^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$", c.Code));
        Assert.All(codes, c => Assert.Equal(new TypedWithdrawalCode(c.Hash, Issued: true), WithdrawalCode.TryRead(c.Code.ToLowerInvariant(), Envelopes.Key)));
        Assert.Equal(200, codes.Select(c => c.Code).Distinct().Count());

        // Another key (another service), one character changed, a decoy: well-formed, same hash rule, not issued here.
        var other = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        Assert.All(codes, c => Assert.False(WithdrawalCode.TryRead(c.Code, other)!.Value.Issued));
        Assert.All(codes, c => Assert.False(WithdrawalCode.TryRead((c.Code[0] == 'A' ? "B" : "A") + c.Code[1..], Envelopes.Key)!.Value.Issued));
        Assert.False(WithdrawalCode.TryRead(WithdrawalCode.Decoy(), Envelopes.Key)!.Value.Issued);
    }

    [Fact]
    public async Task A_withdrawal_that_links_its_tombstone_while_the_delivery_links_the_code_leaves_the_report_out()
    {
        var insurer = SampleReports.UniqueInsurer("Tombstone race");
        var planKey = PlanKeys.Unverified(insurer, null);
        var target = await TargetAsync(Envelopes.Report(insurer, setting: "office"));

        // The delivery reads the code's row and finds none; the whole withdrawal runs right then and leaves its
        // tombstone; the delivery's insert of the link then meets the tombstone.
        var withdrawal = new TableHook(TableHook.On("GET", StorageNames.ReportIndexTable, "withdrawal|" + target.Hash))
        {
            After = async () => Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(Envelopes.Withdrawal(target.Hash), default)),
        };
        await using (var delivering = TableFaults.Services(fixture.ConnectionString, withdrawal))
        {
            Assert.Equal(AggregationOutcome.Withdrawn, await delivering.GetRequiredService<ReportAggregator>().ProcessAsync(target.Message, default));
        }

        Assert.True(withdrawal.Fired);
        Assert.Null(await Store.ReadTotalAsync(planKey, default));
        await AssertGoneAsync(planKey, target.ReportId);
    }

    [Fact]
    public async Task A_delivery_that_links_the_code_while_the_withdrawal_writes_its_tombstone_is_taken_out_by_the_withdrawal()
    {
        var insurer = SampleReports.UniqueInsurer("Link race");
        var planKey = PlanKeys.Unverified(insurer, null);
        var target = await TargetAsync(Envelopes.Report(insurer, setting: "home"));

        // The withdrawal reads the code's row and finds none; the whole delivery runs right then (links and counts);
        // the withdrawal's tombstone insert then meets the link.
        var delivery = new TableHook(TableHook.On("GET", StorageNames.ReportIndexTable, "withdrawal|" + target.Hash))
        {
            After = async () => Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(target.Message, default)),
        };
        await using (var withdrawing = TableFaults.Services(fixture.ConnectionString, delivery))
        {
            Assert.Equal(AggregationOutcome.Withdrawn, await withdrawing.GetRequiredService<ReportAggregator>().ProcessAsync(Envelopes.Withdrawal(target.Hash), default));
        }

        Assert.True(delivery.Fired);
        Assert.Null(await Store.ReadTotalAsync(planKey, default));
        await AssertGoneAsync(planKey, target.ReportId);
        Assert.Equal(AggregationOutcome.Withdrawn, await Aggregator.ProcessAsync(target.Message, default));
        Assert.Null(await Store.ReadTotalAsync(planKey, default));
    }

    [Fact]
    public async Task Withdrawing_a_report_that_left_no_contact_logs_no_storage_warning()
    {
        LogCapture capture = null!;
        await using var services = StorageFixture.Build(fixture.ConnectionString, logging: builder => capture = LogCapture.AddTo(builder));
        var aggregator = services.GetRequiredService<ReportAggregator>();
        var insurer = SampleReports.UniqueInsurer("No contact");
        var code = WithdrawalCode.Create(await services.GetRequiredService<WithdrawalKey>().GetAsync(default));
        var reportId = Guid.NewGuid().ToString("D");
        Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer), reportId, contactEmail: null, code.Hash), default));

        Assert.Equal(AggregationOutcome.Withdrawn, await aggregator.ProcessAsync(Envelopes.Withdrawal(code.Hash), default));

        Assert.Null(await Store.ReadReportAsync(PlanKeys.Unverified(insurer, null), reportId, default));
        Assert.DoesNotContain(capture.Lines, line => line.StartsWith("Warning ", StringComparison.Ordinal) || line.StartsWith("Error ", StringComparison.Ordinal));
    }

    /// <summary>32 random characters of the code alphabet, in groups, as someone guessing would type them.</summary>
    private static string RandomCodeText()
        => string.Join('-', System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32).Chunk(4).Select(c => new string(c)));

    private sealed record TargetReport(Report Report, string ReportId, string Hash, string Message);

    /// <summary>A report as the intake accepts it: its withdrawal code tagged with the service's key, its message queued (not delivered yet).</summary>
    private async Task<TargetReport> TargetAsync(Report report)
    {
        var reportId = Guid.NewGuid().ToString("D");
        var code = WithdrawalCode.Create(await fixture.Services.GetRequiredService<WithdrawalKey>().GetAsync(default));
        return new TargetReport(report, reportId, code.Hash, Envelopes.Message(report, reportId, Email, code.Hash));
    }

    /// <summary>A plan with five reports and the one to withdraw (with a contact e-mail), all counted.</summary>
    private async Task<(string PlanKey, List<Report> Others, TargetReport Target)> CountedPlanAsync()
    {
        var insurer = SampleReports.UniqueInsurer("Withdrawal");
        var others = Enumerable.Range(0, 5).Select(i => Envelopes.Report(insurer, setting: i % 2 == 0 ? "home" : "office", month: i < 3 ? "2025-05" : "2025-06")).ToList();
        var target = await TargetAsync(Envelopes.Report(insurer, setting: "telehealth", outcome: "denied", month: "2025-07", priorAuth: "yes"));
        foreach (var report in others)
        {
            Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(Envelopes.Message(report, withdrawalHash: WithdrawalCode.Create(Envelopes.Key).Hash), default));
        }

        Assert.Equal(AggregationOutcome.Counted, await Aggregator.ProcessAsync(target.Message, default));
        Assert.NotNull(await ContactAsync(target.ReportId));
        return (PlanKeys.Unverified(insurer, null), others, target);
    }

    /// <summary>A catalogue plan of its own, with no reports: a merge target.</summary>
    private async Task<string> CataloguePlanAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var catalogued = $"test-{id}";
        Assert.IsType<CatalogueChange.Done>(await fixture.Services.GetRequiredService<PlanCatalogue>().AddPlanAsync(
            new NewPlan(catalogued, catalogued, $"Withdrawal Target {id}", null, "hmo", "MA", null, null), default));
        return catalogued;
    }

    private Task AssertPlanHoldsExactlyAsync(string planKey, List<Report> reports) => PlanAssertions.HoldsExactlyAsync(fixture.Services, planKey, reports);

    /// <summary>The report's row (with its narrative) and its contact e-mail are not in storage.</summary>
    private async Task AssertGoneAsync(string planKey, string reportId)
    {
        Assert.Null(await Store.ReadReportAsync(planKey, reportId, default));
        var row = await new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.PlanStatsTable)
            .GetEntityIfExistsAsync<TableEntity>(planKey, "rep|" + reportId);
        Assert.False(row.HasValue);
        Assert.Null(await ContactAsync(reportId));
    }

    private async Task<string?> ContactAsync(string reportId)
    {
        var contact = await new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.ContactsTable)
            .GetEntityIfExistsAsync<TableEntity>(reportId, string.Empty);
        return contact.HasValue ? contact.Value!.GetString("Email") : null;
    }
}
