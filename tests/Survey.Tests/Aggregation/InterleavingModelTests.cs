using Azure.Data.Tables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Survey.Tests.Aggregation;

/// <summary>
/// Model-based: random sequences of deliveries, redeliveries, withdrawals, merges, alias changes, poison replays
/// and crashes over three plans, some run in the middle of another (at its n-th storage request, so the
/// interleaving is forced, not left to timing), on instances whose catalogues may be stale. After each run,
/// every message having been delivered at least once: every accepted, non-withdrawn report is counted exactly
/// once, in a listed plan its name resolves to (or, after an alias without a merge, the plan it was counted in
/// first), with its claim naming that plan; nothing withdrawn is counted or keeps its contact; no report row is
/// outside a listed plan; and reconcile finds no drift.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class InterleavingModelTests(StorageFixture fixture, ITestOutputHelper output)
{
    private const int Reports = 8;

    private enum Kind
    {
        Deliver,
        DeliverCrashingAfterCommit,
        DeliverFailingIntoPoison,
        Withdraw,
        WithdrawCrashingAfterMark,
        Merge,
        Alias,
        ReplayPoison,
    }

    // Twenty random interleavings against Azurite (about 35 s of CPU): a search, run in full by CI and outside the
    // fast subset; the kept regression run below stays in it.
    [Property(MaxTest = 20)]
    [Trait("Category", "Slow")]
    public Property Every_accepted_report_not_withdrawn_is_counted_exactly_once_where_it_belongs_whatever_the_interleaving()
        => Prop.ForAll(Arb.From(Gen.Choose(1, int.MaxValue)), seed =>
        {
            RunAsync(seed).GetAwaiter().GetResult();
            return true;
        });

    /// <summary>
    /// A run kept as a regression: it fails when a delivery that finds its report withdrawn does not take it out
    /// (issue #15 item 3), and when a re-claimed report is taken out of the plan it was just counted in.
    /// </summary>
    [Theory]
    [InlineData(39)]
    public Task A_run_with_a_withdrawal_inside_a_delivery_that_stops_after_its_commit_ends_consistent(int seed) => RunAsync(seed);

    private sealed record Op(Kind Kind, int Report, int Unverified, bool Stale, int At, Op? Inner, bool Crash = false)
    {
        public override string ToString() => Inner is null
            ? $"{Kind}(r{Report}, u{Unverified}{(Stale ? ", stale" : string.Empty)})"
            : $"{Kind}(r{Report}, u{Unverified}) with {Inner} at its request {At}{(Crash ? ", stopping after its commit" : string.Empty)}";
    }

    private sealed class Run(string target, string targetName, string[] unverifiedNames)
    {
        public string Target { get; } = target;

        public string TargetName { get; } = targetName;

        public string[] UnverifiedNames { get; } = unverifiedNames;

        public List<(Report Report, string Id, string Hash, string Message)> Sent { get; } = [];

        public HashSet<int> Pending { get; } = [];

        public HashSet<int> Poisoned { get; } = [];

        public HashSet<int> Withdrawn { get; } = [];

        public HashSet<int> PendingWithdrawals { get; } = [];

        public HashSet<int> Merged { get; } = [];

        public HashSet<int> Aliased { get; } = [];

        /// <summary>A delivery stopped between its transaction and the copy of the total on the plan list.</summary>
        public bool CrashedAfterCommit { get; set; }

        public string PlanOf(int u) => PlanKeys.Unverified(UnverifiedNames[u], null);
    }

    private async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var ops = Enumerable.Range(0, random.Next(12, 28)).Select(_ => NextOp(random, nested: true)).ToList();
        output.WriteLine($"seed {seed}: {string.Join("; ", ops)}");
        var run = await ArrangeAsync();

        // Another instance, whose catalogue is read once and then stays as it was (up to 30 s in Azure).
        await using var stale = StorageFixture.Build(fixture.ConnectionString);
        await stale.GetRequiredService<PlanCatalogue>().GetAsync(default);
        foreach (var op in ops)
        {
            await ApplyAsync(run, op, stale);
        }

        // At least once: every message still on a queue (or in poison) is delivered, every withdrawal carried out.
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        foreach (var r in run.PendingWithdrawals)
        {
            Assert.Equal(AggregationOutcome.Withdrawn, await aggregator.ProcessAsync(Envelopes.Withdrawal(run.Sent[r].Hash), default));
        }

        foreach (var r in run.Pending.Order().ToList())
        {
            await aggregator.ProcessAsync(run.Sent[r].Message, default);
        }

        await CheckAsync(run, seed);
    }

    private static Op NextOp(Random random, bool nested)
    {
        var kind = (Kind)random.Next(Enum.GetValues<Kind>().Length);
        var op = new Op(kind, random.Next(Reports), random.Next(2), random.Next(3) == 0, 0, null);
        if (nested && kind is Kind.Deliver or Kind.Withdraw or Kind.Merge && random.Next(2) == 0)
        {
            // Half the time about the same report; a delivery outside may also stop right after its commit.
            var inner = NextOp(random, nested: false);
            inner = random.Next(2) == 0 ? inner with { Report = op.Report } : inner;
            return inner.Kind is Kind.ReplayPoison ? op : op with { Stale = false, At = random.Next(1, 9), Inner = inner, Crash = kind == Kind.Deliver && random.Next(2) == 0 };
        }

        return op;
    }

    private async Task ApplyAsync(Run run, Op op, ServiceProvider stale)
    {
        if (op.Inner is { } inner)
        {
            // The outer operation runs on an instance of its own; at its n-th storage request the inner one runs to its end.
            var hook = new NthRequest(op.At, () => ApplyAsync(run, inner, stale));
            run.CrashedAfterCommit |= op.Crash;
            await using var hooked = op.Crash
                ? TableFaults.Services(fixture.ConnectionString, hook, new TableHook(TableHook.On("POST", "$batch")) { CrashAfter = true })
                : TableFaults.Services(fixture.ConnectionString, hook);

            // Its catalogue read first, so the requests counted are the operation's own.
            await hooked.GetRequiredService<PlanCatalogue>().GetAsync(default);
            hook.Armed = true;
            await ApplyOnAsync(run, op, hooked);
            return;
        }

        switch (op.Kind)
        {
            case Kind.DeliverCrashingAfterCommit:
                run.CrashedAfterCommit = true;
                await using (var crashing = TableFaults.Services(fixture.ConnectionString, new TableHook(TableHook.On("POST", "$batch")) { CrashAfter = true }))
                {
                    await ApplyOnAsync(run, op with { Kind = Kind.Deliver }, crashing);
                }

                return;
            case Kind.DeliverFailingIntoPoison:
                await using (var failing = TableFaults.Services(fixture.ConnectionString, new TableFaults(r => r.Uri.Path.EndsWith("$batch", StringComparison.Ordinal)) { Failing = true }))
                {
                    if (!await TryDeliverAsync(run, op.Report, failing))
                    {
                        run.Poisoned.Add(op.Report);
                    }
                }

                return;
            case Kind.WithdrawCrashingAfterMark:
                await using (var crashing = TableFaults.Services(fixture.ConnectionString, new TableHook(TableHook.On("PATCH", StorageNames.ReportIndexTable)) { CrashAfter = true }))
                {
                    await ApplyOnAsync(run, op with { Kind = Kind.Withdraw }, crashing);
                }

                return;
            case Kind.ReplayPoison:
                foreach (var r in run.Poisoned.ToList())
                {
                    run.Poisoned.Remove(r);
                    await TryDeliverAsync(run, r, fixture.Services);
                }

                return;
            default:
                await ApplyOnAsync(run, op, op.Stale ? stale : fixture.Services);
                return;
        }
    }

    private static async Task ApplyOnAsync(Run run, Op op, IServiceProvider instance)
    {
        switch (op.Kind)
        {
            case Kind.Deliver:
                await TryDeliverAsync(run, op.Report, instance);
                break;
            case Kind.Withdraw:
                run.Withdrawn.Add(op.Report);
                try
                {
                    await instance.GetRequiredService<ReportAggregator>().ProcessAsync(Envelopes.Withdrawal(run.Sent[op.Report].Hash), default);
                    run.PendingWithdrawals.Remove(op.Report);
                }
                catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
                {
                    // The queue delivers the withdrawal again.
                    run.PendingWithdrawals.Add(op.Report);
                }

                break;
            case Kind.Merge:
                Assert.IsType<MergeResult.Merged>(await instance.GetRequiredService<PlanMerger>().MergeAsync(run.PlanOf(op.Unverified), run.Target, default));
                run.Merged.Add(op.Unverified);
                break;
            case Kind.Alias:
                var change = await instance.GetRequiredService<PlanCatalogue>().AddAliasAsync(run.Target, run.UnverifiedNames[op.Unverified], default);
                Assert.True(change is CatalogueChange.Done or CatalogueChange.Conflict, change.ToString());
                run.Aliased.Add(op.Unverified);
                break;
            default:
                throw new InvalidOperationException(op.ToString());
        }
    }

    /// <summary>True when the delivery ended (whatever its outcome); false when it failed and the message stays on a queue.</summary>
    private static async Task<bool> TryDeliverAsync(Run run, int r, IServiceProvider instance)
    {
        try
        {
            await instance.GetRequiredService<ReportAggregator>().ProcessAsync(run.Sent[r].Message, default);
            run.Pending.Remove(r);
            return true;
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            run.Pending.Add(r);
            return false;
        }
    }

    /// <summary>A catalogue plan, two unverified names, and eight reports accepted (codes registered) but not delivered.</summary>
    private async Task<Run> ArrangeAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var target = $"test-{id}";
        var targetName = $"Model Target {id}";
        Assert.IsType<CatalogueChange.Done>(await fixture.Services.GetRequiredService<PlanCatalogue>().AddPlanAsync(
            new NewPlan(target, target, targetName, null, "hmo", "MA", null, null), default));
        var run = new Run(target, targetName, [$"Model Mutual {id}", $"Model Health {id}"]);
        var index = fixture.Services.GetRequiredService<ReportIndex>();
        for (var r = 0; r < Reports; r++)
        {
            var name = (r % 3) switch { 0 => targetName, 1 => run.UnverifiedNames[0], _ => run.UnverifiedNames[1] };
            var report = Envelopes.Report(name, month: "2025-0" + ((r % 4) + 1), setting: r % 2 == 0 ? "home" : "office") with { OutOfPocketUsd = r * 10.5m };
            var reportId = Guid.NewGuid().ToString("D");
            var code = WithdrawalCode.Create(Envelopes.Key);
            run.Sent.Add((report, reportId, code.Hash, Envelopes.Message(report, reportId, $"model-{r}@example.org", code.Hash)));
            run.Pending.Add(r);
        }

        return run;
    }

    private async Task CheckAsync(Run run, int seed)
    {
        var store = fixture.Services.GetRequiredService<PlanStore>();
        string[] plans = [run.Target, run.PlanOf(0), run.PlanOf(1)];
        var listed = (await store.ListPlanKeysAsync(default)).ToHashSet(StringComparer.Ordinal);
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            rows[plan] = await store.ReadReportsAsync(plan, default).Select(s => s.ReportId).ToListAsync();
            Assert.True(rows[plan].Count == 0 || listed.Contains(plan), $"seed {seed}: report rows in {plan}, which is not listed");
        }

        var contacts = new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.ContactsTable);
        for (var r = 0; r < Reports; r++)
        {
            var (report, reportId, _, _) = run.Sent[r];
            var holders = plans.Where(p => rows[p].Contains(reportId)).ToList();
            if (run.Withdrawn.Contains(r))
            {
                Assert.True(holders.Count == 0, $"seed {seed}: withdrawn report r{r} is counted in {string.Join(", ", holders)}");
                Assert.False((await contacts.GetEntityIfExistsAsync<TableEntity>(reportId, string.Empty)).HasValue, $"seed {seed}: withdrawn report r{r} kept its contact");
                continue;
            }

            var u = Array.IndexOf(run.UnverifiedNames, report.Insurer);
            string[] allowed = u < 0 || run.Merged.Contains(u) ? [run.Target] : run.Aliased.Contains(u) ? [run.PlanOf(u), run.Target] : [run.PlanOf(u)];
            Assert.True(holders.Count == 1 && allowed.Contains(holders[0]), $"seed {seed}: report r{r} is counted in [{string.Join(", ", holders)}], expected once in one of [{string.Join(", ", allowed)}]");
            Assert.Equal(holders[0], (await fixture.Services.GetRequiredService<ReportIndex>().ReadClaimAsync(reportId, default))?.PlanKey);
        }

        // The copy of a total on the plan list is written after the transaction, not in it: a process that stops in
        // between leaves it behind until the plan's next commit or the nightly reconcile, which repairs it (docs/reliability.md).
        // The aggregate rows themselves never drift.
        var auditor = fixture.Services.GetRequiredService<PlanAuditor>();
        foreach (var plan in plans.Where(listed.Contains))
        {
            var drift = (await auditor.ReconcileAsync(plan, repair: false, default)).Drift.SelectMany(d => d.Differences).ToList();
            var unexpected = drift.Where(d => d.Row != "copy" || !run.CrashedAfterCommit).ToList();
            Assert.True(unexpected.Count == 0, $"seed {seed}: {plan} drifted: {string.Join(", ", unexpected)}");
            if (drift.Count > 0)
            {
                await auditor.ReconcileAsync(plan, repair: true, default);
                Assert.Empty((await auditor.ReconcileAsync(plan, repair: false, default)).Drift);
            }
        }
    }

    /// <summary>Runs an action (once) just before the n-th table request of the instance it is installed in, counted once armed.</summary>
    private sealed class NthRequest(int n, Func<Task> action) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _seen;

        public volatile bool Armed;

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (Armed && Interlocked.Increment(ref _seen) == n)
            {
                await action();
            }

            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
            => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
