using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Survey.Benchmarks.Service;
using Survey.Benchmarks.Workload;
using Survey.Local;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Benchmarks.Measures;

/// <summary>
/// A store of seeded reports for the read measurement: an Azurite of its own on a fresh data folder and a
/// service of its own (Release, loopback) reading it. Two of them, one small and one large, run side by side
/// so their reads can be interleaved in time. Stopped by PID when disposed.
/// </summary>
internal sealed class ReadStore : IAsyncDisposable
{
    private readonly Azurite _azurite;
    private readonly ServiceProcess _service;
    private readonly string _functionKey;
    private readonly TableClient _planStats;
    private readonly CpuMeter _cpu;

    private ReadStore(Azurite azurite, ServiceProcess service, string functionKey, IReadOnlyList<BenchPlan> plans)
    {
        _azurite = azurite;
        _service = service;
        _functionKey = functionKey;
        Plans = plans;
        Tables = new TableServiceClient(azurite.ConnectionString);
        _planStats = PlanRows.PlanStats(Tables);
        PlanList = Tables.GetTableClient(StorageNames.PlansTable);
        Http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) };
        _cpu = new CpuMeter(CpuMeter.AzuritePid(azurite.DataDirectory), service.Pid);
    }

    public IReadOnlyList<BenchPlan> Plans { get; }

    /// <summary>The <c>plans</c> table, whose rows carry each plan's total: what the bare read queries.</summary>
    public TableClient PlanList { get; }

    public HttpClient Http { get; }

    /// <summary>This store's Azurite, for the bare reads.</summary>
    public TableServiceClient Tables { get; }

    public string ConnectionString => _azurite.ConnectionString;

    public int StoredReports { get; private set; }

    public static async Task<ReadStore> StartAsync(string repositoryRoot, int plans, string keyName, string functionKey, Action<string> progress)
    {
        var data = Path.Combine(Path.GetTempPath(), $"survey-bench-reads-{Guid.NewGuid():N}");
        var azurite = await Azurite.StartAsync(repositoryRoot, data, progress);
        try
        {
            var service = await ServiceProcess.StartAsync(azurite.ConnectionString, keyName, functionKey);
            var store = new ReadStore(azurite, service, functionKey, BenchPlan.Series("Reads", plans));
            await store._planStats.CreateIfNotExistsAsync();
            await store.PlanList.CreateIfNotExistsAsync();
            return store;
        }
        catch
        {
            await StopAsync(azurite);
            throw;
        }
    }

    /// <summary>
    /// Grows every plan to <paramref name="perPlan"/> reports by writing the rows the aggregator would have
    /// written (<see cref="PlanRows"/>): report rows in batches of 100, total and cell rows counting all of
    /// them, and the plan list's row with the copy of the total. Report <c>i</c> of a plan is <paramref name="report"/>'s
    /// (by default <see cref="SampleReports.Create"/>).
    /// </summary>
    public async Task SeedAsync(int perPlan, CancellationToken cancellationToken, Func<BenchPlan, int, Report>? report = null)
    {
        var create = report ?? SampleReports.Create;
        var from = StoredReports / Plans.Count;
        var receivedAt = TimeProvider.System.GetUtcNow();
        await Parallel.ForEachAsync(Plans, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (plan, token) =>
        {
            foreach (var chunk in Enumerable.Range(from, perPlan - from).Chunk(100))
            {
                var rows = chunk.Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    PlanRows.ReportRow(plan.PlanKey, Guid.NewGuid().ToString("D"), create(plan, i), receivedAt)));
                await _planStats.SubmitTransactionAsync(rows, token);
            }

            var reports = Enumerable.Range(0, perPlan).Select(i => create(plan, i)).ToList();
            var total = ReportCounters.Sum(reports);
            var aggregates = reports.GroupBy(PlanRows.CellRowKey, StringComparer.Ordinal)
                .Select(cell => PlanRows.AggregateRow(plan.PlanKey, cell.Key, ReportCounters.Sum(cell)))
                .Prepend(PlanRows.AggregateRow(plan.PlanKey, PlanRows.TotalRowKey, total, plan, version: perPlan));
            foreach (var chunk in aggregates.Chunk(100))
            {
                await _planStats.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token);
            }

            // The plan list's row holds the copy of the total in its fixed form, as the aggregator leaves it.
            await PlanList.UpsertEntityAsync(PlanRows.AggregateRow(PlanRows.PlansPartition, plan.PlanKey, ReportCounters.ListForm(total), plan, version: perPlan), TableUpdateMode.Replace, token);
        });
        StoredReports = perPlan * Plans.Count;
    }

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until Azurite has done with a bulk load's aftermath (saving its
    /// database, collecting the garbage of the load): a second in which it uses under a tenth of a core.
    /// Returns how long that took.
    /// </summary>
    public async Task<TimeSpan> SettleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var start = _cpu.Start();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if (_cpu.Since(start).Azurite < 10)
            {
                break;
            }
        }

        return clock.Elapsed;
    }

    /// <summary>The service must list the seeded plans with exactly the seeded counts.</summary>
    public async Task CheckListedAsync(CancellationToken cancellationToken)
    {
        using var request = StatsRequest();
        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var plans = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["plans"]!.AsArray();
        var counted = plans.Sum(p => p!["reports"]!.GetValue<long>());
        if (plans.Count != Plans.Count || counted != StoredReports)
        {
            throw new InvalidOperationException($"The service lists {plans.Count} plans with {counted} reports where {Plans.Count} plans with {StoredReports} were seeded.");
        }
    }

    public HttpRequestMessage StatsRequest() => CommitteeRequest("/api/stats/plans");

    /// <summary>A GET of <paramref name="path"/> with the committee's credential.</summary>
    public HttpRequestMessage CommitteeRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("x-committee-key", _functionKey);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _service.DisposeAsync();
        await StopAsync(_azurite);
    }

    private static async Task StopAsync(Azurite azurite)
    {
        await azurite.StopAsync();
        Directory.Delete(azurite.DataDirectory, recursive: true);
    }
}
