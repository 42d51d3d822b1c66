using System.Diagnostics;
using System.Globalization;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Signals;

namespace Survey.Benchmarks.Measures;

/// <summary>
/// The CPU cost of recomputing signals for 200 plans × 5 settings × 120 months: from each plan's counters per month
/// (what the recompute reads from the cells) to the series and the detection over all of them together. Pure
/// computation in this process, measured as its CPU time (user + system); storage reads are not in it.
/// </summary>
internal static class SignalsBenchmark
{
    public const int Plans = 200;
    public const int Months = 120;

    public static int Run(int repetitions)
    {
        var plans = Generate(new Random(17));
        var settings = new SignalOptions().Detector;
        var seconds = new List<double>(repetitions);
        var found = 0;
        for (var i = 0; i < repetitions + 1; i++)
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var detections = ChangeDetector.Detect(plans.SelectMany(p => SignalSeries.Of(p.Key, p.Value)), settings);
            found = detections.Count;
            if (i == 0)
            {
                Console.WriteLine(string.Join(", ", detections.GroupBy(d => d.Test.Setting + "/" + d.Test.Measure + (d.Test.PlanKey.EndsWith('0') ? " (changed)" : string.Empty)).Select(g => g.Key + ": " + g.Count())));
            }
            process.Refresh();
            var cpu = (process.TotalProcessorTime - before).TotalSeconds;
            if (i > 0)
            {
                // The first run warms the JIT up and is not counted.
                seconds.Add(cpu);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signals recompute {(i == 0 ? "warm-up" : "run " + i)}: {cpu:0.000} s CPU, {wall.Elapsed.TotalSeconds:0.000} s wall, {found} signals"));
        }

        seconds.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"signals recompute, {Plans} plans x {ReportSchema.Settings.Length} settings x {Months} months ({Plans * (ReportSchema.Settings.Length + 2)} series): median {seconds[seconds.Count / 2]:0.000} s CPU of {repetitions} runs, {found} signals"));
        return 0;
    }

    /// <summary>Counters per month like a cell sum holds them; a tenth of the plans change their home-visit denials half-way.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> Generate(Random random)
    {
        var plans = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>(StringComparer.Ordinal);
        for (var p = 0; p < Plans; p++)
        {
            var months = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
            for (var m = 0; m < Months; m++)
            {
                var counts = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var setting in ReportSchema.Settings)
                {
                    var reports = random.Next(0, 8);
                    var denialRate = setting == "home" && p % 10 == 0 && m >= Months / 2 ? 0.1 : 0.6;
                    var denied = Enumerable.Range(0, reports).Count(_ => random.NextDouble() < denialRate);
                    Add(counts, ReportCounters.Setting(setting), reports);
                    Add(counts, ReportCounters.SettingOutcome(setting, "denied"), denied);
                    Add(counts, ReportCounters.SettingOutcome(setting, "covered-in-full"), reports - denied);
                    var required = Enumerable.Range(0, reports).Count(_ => random.Next(2) == 0);
                    Add(counts, ReportCounters.PriorAuthorization("yes"), required);
                    Add(counts, ReportCounters.PriorAuthorization("no"), reports - required);
                    Add(counts, ReportCounters.ToldCovered("yes"), reports / 2);
                    Add(counts, ReportCounters.ToldCoveredButDenied, denied / 2);
                }

                months[new DateOnly(2016, 1, 1).AddMonths(m).ToString("yyyy-MM", CultureInfo.InvariantCulture)] = counts;
            }

            plans["plan-" + p.ToString(CultureInfo.InvariantCulture)] = months;
        }

        return plans;

        static void Add(Dictionary<string, long> counts, string counter, long by) => counts[counter] = counts.GetValueOrDefault(counter) + by;
    }
}
