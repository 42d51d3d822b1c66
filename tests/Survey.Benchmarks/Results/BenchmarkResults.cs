using System.Globalization;
using Survey.Benchmarks.Felt;
using Survey.Benchmarks.Measures;

namespace Survey.Benchmarks.Results;

/// <summary>A figure set against its target.</summary>
internal sealed record TargetCheck(string Name, double Value, string Comparison, double Limit)
{
    public bool Met => Comparison == ">=" ? Value >= Limit : Value <= Limit;
}

internal sealed record MemoryFigures(double PeakRssMb, double MaxSampledRssMbDuringIngest, double PeakRssMbWholeRun);

/// <summary>The service's CPU time per operation (its CPU share over its rate): what one instance can do where storage is not the limit.</summary>
internal sealed record ServiceCpuFigures(double MsPerPost, double MsPerReportSpread, double MsPerReportHotPlan)
{
    public static double Per(CpuUse cpu, double perSecond) => Math.Round(cpu.Service / 100 / perSecond * 1000, 2);
}

/// <summary>Everything one run measured; serialised as <c>artifacts/benchmarks/results.json</c>.</summary>
internal sealed record BenchmarkResults
{
    public required string Mode { get; init; }

    public required DateTimeOffset Date { get; init; }

    public required int Repetitions { get; init; }

    public required MachineInfo Machine { get; init; }

    public required double DurationSeconds { get; init; }

    public required double IngestRatio32 { get; init; }

    public required double AggregationRatio { get; init; }

    public required double HotPlanRatio { get; init; }

    public required double ReadLatencyRatio { get; init; }

    /// <summary><c>GET /api/signals</c> p50 with ten times the reports over the p50 with the small store (flat is 1).</summary>
    public required double SignalsReadRatio { get; init; }

    /// <summary>The same for <c>GET /api/signals.csv</c>.</summary>
    public required double SignalsCsvReadRatio { get; init; }

    public required double PeakRssMb { get; init; }

    /// <summary>POST/s under the real host over raw enqueue, both at the top concurrency (NaN when the real host is not here).</summary>
    public required double RealHostIngestRatio { get; init; }

    /// <summary>Reports/s counted under the real host over the bare loop's, 50 plans.</summary>
    public required double RealHostAggregationRatio { get; init; }

    /// <summary>Median ms to the first 200 of <c>GET /api/form</c> over the baseline app's first 200, under the real host.</summary>
    public required double ColdStartRatio { get; init; }

    /// <summary>Bytes on the wire for the form page and its assets on the emulated phone.</summary>
    public required double FormBytes { get; init; }

    public required double FormFcpMs { get; init; }

    /// <summary>p99 from 202 to visible in <c>GET /api/stats/plans</c> at half the ingest capacity (local runner).</summary>
    public required double FreshnessP99Ms { get; init; }

    /// <summary>Reports/s over 50 plans with two service processes over one.</summary>
    public required double TwoInstanceRatio { get; init; }

    public required FeltFigures Felt { get; init; }

    public required IReadOnlyList<TargetCheck> Targets { get; init; }

    public required int EnvelopeBase64Bytes { get; init; }

    public required IReadOnlyList<LoadFigure> Enqueue { get; init; }

    public required IReadOnlyList<LoadFigure> Ingest { get; init; }

    public required AggregationFigures Aggregation { get; init; }

    public required int AggregationReportsPerRepetition { get; init; }

    public required ReadFigures Reads { get; init; }

    public required SignalsReadFigures? SignalReads { get; init; }

    public required MemoryFigures Memory { get; init; }

    public required ServiceCpuFigures ServiceCpu { get; init; }

    public required IReadOnlyList<string> Method { get; init; }

    public static BenchmarkResults Create(BenchmarkSettings settings, MachineInfo machine, DateTimeOffset date, double durationSeconds, IngestFigures ingest, AggregationFigures aggregation, ReadFigures reads, SignalsReadFigures signalReads, double wholeRunPeakRssMb, FeltFigures felt)
    {
        ArgumentNullException.ThrowIfNull(felt);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(signalReads);
        var ingestRatio = Math.Round(Stats.Ratio(ingest.Ingest[^1].PerSecond, ingest.Enqueue[^1].PerSecond), 3);
        var aggregationRatio = Math.Round(Stats.Ratio(aggregation.ServiceSpread.PerSecond, aggregation.BareSpread.PerSecond), 3);
        var hotPlanRatio = Math.Round(Stats.Ratio(aggregation.ServiceHot.PerSecond, aggregation.ServiceSpread.PerSecond), 3);
        var readRatio = Math.Round(Stats.Ratio(reads.Large.P50Ms, reads.Small.P50Ms), 3);
        var peakRss = Math.Round(ingest.PeakMemory.PeakRssMb, 1);
        var top = settings.Concurrencies[^1];
        var realIngest = felt.RealHost is { } real ? Math.Round(Stats.Ratio(real.Ingest.PerSecond, real.Enqueue.PerSecond), 3) : double.NaN;
        var realAggregation = felt.RealHost is { } drained ? Math.Round(Stats.Ratio(drained.Aggregation.PerSecond, aggregation.BareSpread.PerSecond), 3) : double.NaN;
        var coldStart = felt.ColdStart is { } cold ? Math.Round(Stats.Ratio(cold.App.FirstGetMs, cold.Baseline.FirstGetMs), 3) : double.NaN;
        var twoInstances = Math.Round(Stats.Ratio(felt.TwoInstances.TwoSpread.PerSecond, felt.TwoInstances.OneSpread.PerSecond), 3);
        var twoHot = Math.Round(Stats.Ratio(felt.TwoInstances.TwoHot.PerSecond, felt.TwoInstances.OneHot.PerSecond), 3);
        return new BenchmarkResults
        {
            Mode = settings.Mode,
            Date = date,
            Repetitions = settings.Repetitions,
            Machine = machine,
            DurationSeconds = Math.Round(durationSeconds),
            IngestRatio32 = ingestRatio,
            AggregationRatio = aggregationRatio,
            HotPlanRatio = hotPlanRatio,
            ReadLatencyRatio = readRatio,
            SignalsReadRatio = signalReads.JsonRatio,
            SignalsCsvReadRatio = signalReads.CsvRatio,
            PeakRssMb = peakRss,
            RealHostIngestRatio = realIngest,
            RealHostAggregationRatio = realAggregation,
            ColdStartRatio = coldStart,
            FormBytes = felt.Phone?.Form.Bytes ?? double.NaN,
            FormFcpMs = felt.Phone?.Form.FcpMs ?? double.NaN,
            FreshnessP99Ms = felt.Freshness.P99Ms,
            TwoInstanceRatio = twoInstances,
            Felt = felt,
            Targets =
            [
                new(string.Create(CultureInfo.InvariantCulture, $"ingest at {top} / raw enqueue at {top}"), ingestRatio, ">=", 0.85),
                new("aggregation / bare loop (50 plans)", aggregationRatio, ">=", 0.7),
                new("hot plan / 50 plans (service)", hotPlanRatio, ">=", 0.8),
                new(string.Create(CultureInfo.InvariantCulture, $"stats read p50 at {reads.Large.StoredReports} / at {reads.Small.StoredReports} reports"), readRatio, "<=", 1.2),
                new("peak RSS of the service under ingest (MB)", peakRss, "<=", 300),
                new(string.Create(CultureInfo.InvariantCulture, $"real host: ingest at {top} / raw enqueue at {top}"), realIngest, ">=", 0.75),
                new("real host: aggregation / bare loop (50 plans)", realAggregation, ">=", 0.85),
                new("cold start under the real host: first 200 of GET /api/form / baseline app", coldStart, "<=", 1.3),
                new("form on a phone: bytes transferred", felt.Phone?.Form.Bytes ?? double.NaN, "<=", 30 * 1024),
                new("form on a phone: first contentful paint (ms)", felt.Phone?.Form.FcpMs ?? double.NaN, "<=", 1500),
                new("freshness p99 at half the ingest capacity, local runner (ms)", felt.Freshness.P99Ms, "<=", 3000),
                new("two instances / one (50 plans)", twoInstances, ">=", 1.6),
                new("two instances / one (1 hot plan)", twoHot, ">=", 1.0),
                .. signalReads.Targets,
            ],
            EnvelopeBase64Bytes = ingest.EnvelopeBytes,
            Enqueue = ingest.Enqueue,
            Ingest = ingest.Ingest,
            Aggregation = aggregation,
            AggregationReportsPerRepetition = settings.AggregationReports,
            Reads = reads,
            SignalReads = signalReads,
            Memory = new MemoryFigures(peakRss, Math.Round(ingest.MaxSampledRssMb, 1), Math.Round(wholeRunPeakRssMb, 1)),
            ServiceCpu = new ServiceCpuFigures(
                ServiceCpuFigures.Per(ingest.Ingest[^1].Cpu, ingest.Ingest[^1].PerSecond),
                ServiceCpuFigures.Per(aggregation.ServiceSpread.Cpu, aggregation.ServiceSpread.PerSecond),
                ServiceCpuFigures.Per(aggregation.ServiceHot.Cpu, aggregation.ServiceHot.PerSecond)),
            Method =
            [
                $"Every figure is the median of {settings.Repetitions} repetitions; Azurite, the service and the load generator share this machine's {machine.Nproc} cores.",
                $"Enqueue/ingest: closed loop for {settings.LoadWindow.TotalSeconds:F0} s per window (at most {settings.MaxOperationsPerWindow:N0} operations), baseline and ingest windows alternating; the service's queue trigger paused; queues emptied after each window.",
                $"Aggregation: {settings.AggregationReports:N0} queued envelopes per repetition, new plans and emptied tables each time; timed from resuming the queue trigger to an empty queue, then the totals are checked to grow by exactly that many.",
                "Bare loop: receive 16 at a time with up to 24 in flight (host.json), read total and cell rows, one transaction per report (add report row, merge both rows under ETag, retry on 412), delete; no validation, catalogue, report-id claim, withdrawal-code link and re-check, group commit, DI or invoker.",
                $"Reads: two stores side by side (an Azurite on a fresh folder and a service each), seeded with the rows the aggregator writes for {reads.Small.StoredReports:N0} and {reads.Large.StoredReports:N0} reports over the same {reads.Small.Plans} plans; per repetition {settings.ReadsPerRepetition} sequential GET /api/stats/plans on each, alternating between the stores request by request, each followed by its bare storage read (one query of the plan list, whose rows carry each plan's total)" + (settings.Quick ? " (--quick: 10,000 instead of 100,000)." : "."),
                signalReads.Method,
                "Two instances: a second service process (the same program) on the same Azurite; each repetition drains the same number of reports with one and with both, queue triggers resumed together; every drain checks each report counted exactly once and none poisoned, and the run fails otherwise.",
                $"Freshness: an open loop at half the measured ingest capacity (POST/s at concurrency {top}) for {settings.FreshnessWindow.TotalSeconds:F0} s, about five probe reports a second each in a plan of its own, GET /api/stats/plans read back to back; the time from each probe's 202 to the first read listing it. The queue trigger runs.",
                "Real host: functions/Survey.Functions published Release, run by ../shared/realhost/run-host.sh (the host proxies each request to the worker); ingest with AzureWebJobs.AggregateReport.Disabled (its own start), then a second start for aggregation (envelopes queued hidden, timed from the first taken off to an empty queue), freshness, and the phone. The service CPU column there is the host process only.",
                $"Cold start: {settings.ColdStarts} fresh starts of each app under the real host, alternating (baseline, app, app ReadyToRun), polled every 20 ms from process start; medians.",
                "Phone: Chromium with 4× CPU throttling, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up (DevTools protocol), empty cache; bytes are encodedDataLength (headers included); the baseline is a static copy of the same responses served by python3 -m http.server.",
                "Peak RSS: VmHWM of the service process (/proc) after the ingest windows; the service logs at Warning, like the test fixture.",
            ],
        };
    }
}
