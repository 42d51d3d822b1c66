namespace Survey.Benchmarks;

/// <summary>How much to measure: the full run, or <c>--quick</c> (fewer repetitions, smaller stores, shorter windows).</summary>
internal sealed record BenchmarkSettings
{
    public required bool Quick { get; init; }

    /// <summary>Repetitions of every figure; each figure is the median of its repetitions.</summary>
    public required int Repetitions { get; init; }

    /// <summary>The concurrencies of the enqueue and ingest measurements.</summary>
    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 8, 32];

    /// <summary>How long one enqueue or ingest window lasts (at most <see cref="MaxOperationsPerWindow"/> operations).</summary>
    public required TimeSpan LoadWindow { get; init; }

    public int MaxOperationsPerWindow { get; init; } = 50_000;

    /// <summary>Reports drained per aggregation repetition.</summary>
    public required int AggregationReports { get; init; }

    /// <summary>Plans the spread aggregation scenario uses (the hot one uses one).</summary>
    public int SpreadPlans { get; init; } = 50;

    /// <summary>Stored reports for the small and the large stats read.</summary>
    public required int SmallStore { get; init; }

    public required int LargeStore { get; init; }

    /// <summary>Plans the stored reports are spread over, the same for both sizes.</summary>
    public int ReadPlans { get; init; } = 50;

    /// <summary>Plans of the signals reads' stores (each with one change: see <c>SignalsReadBenchmark</c>).</summary>
    public int SignalPlans { get; init; } = 10;

    /// <summary>Reports per plan in the small store of the signals reads (a multiple of 180, so every month, role and setting gets as many).</summary>
    public required int SignalSmallPerPlan { get; init; }

    /// <summary>How many times the small store's reports the large store of the signals reads holds.</summary>
    public int SignalGrowth { get; init; } = 10;

    /// <summary>Sequential <c>GET /api/stats/plans</c> (and of each signals read) per read repetition.</summary>
    public required int ReadsPerRepetition { get; init; }

    /// <summary>How long the steady load of the freshness measurement lasts.</summary>
    public required TimeSpan FreshnessWindow { get; init; }

    /// <summary>Fresh starts of each app in the cold-start measurement (the figure is their median).</summary>
    public required int ColdStarts { get; init; }

    public string Mode => Quick ? "quick" : "full";

    public static BenchmarkSettings? Parse(string[] args) => args switch
    {
        [] => new BenchmarkSettings
        {
            Quick = false,
            Repetitions = 5,
            LoadWindow = TimeSpan.FromSeconds(5),
            AggregationReports = 1_500,
            SmallStore = 1_000,
            LargeStore = 100_000,
            SignalSmallPerPlan = 1_080,
            ReadsPerRepetition = 60,
            FreshnessWindow = TimeSpan.FromSeconds(60),
            ColdStarts = 5,
        },
        ["--quick"] => new BenchmarkSettings
        {
            Quick = true,
            Repetitions = 3,
            LoadWindow = TimeSpan.FromSeconds(2),
            AggregationReports = 500,
            SmallStore = 1_000,
            LargeStore = 10_000,
            SignalSmallPerPlan = 540,
            ReadsPerRepetition = 25,
            FreshnessWindow = TimeSpan.FromSeconds(15),
            ColdStarts = 3,
        },
        _ => null,
    };
}
