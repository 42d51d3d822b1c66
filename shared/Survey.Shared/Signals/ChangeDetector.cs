namespace Survey.Shared.Signals;

/// <summary>One month of a series: <see cref="Count"/> reports with the measured answer out of <see cref="Of"/>.</summary>
public readonly record struct MonthCount(string Month, long Count, long Of);

/// <summary>A series to test: one measure of one plan (and setting), month of service by month, in month order.</summary>
public sealed record SeriesTest(string PlanKey, string Setting, string Measure, IReadOnlyList<MonthCount> Months);

/// <summary>A rate with its counts and its 95 % Wilson score interval.</summary>
public sealed record SignalRate(long Count, long Of, double Rate, double Low, double High)
{
    /// <summary>The rate of <paramref name="count"/> out of <paramref name="of"/> (which must be positive), with its Wilson interval.</summary>
    public static SignalRate From(long count, long of)
    {
        var (low, high) = ChangeDetector.Wilson(count, of);
        return new SignalRate(count, of, Math.Round((double)count / of, 4), Math.Round(low, 4), Math.Round(high, 4));
    }
}

/// <summary>A change the detector found: the series' rate differs from <see cref="Month"/> on.</summary>
/// <param name="Test">The series.</param>
/// <param name="Month">The first month of service of the new rate.</param>
/// <param name="Before">The rate over the months before.</param>
/// <param name="After">The rate from the month on.</param>
/// <param name="LikelihoodRatio">The split's likelihood-ratio statistic (2 × log-likelihood gain over one rate).</param>
/// <param name="QValue">The Benjamini–Hochberg adjusted p-value of the split search's Bonferroni p-value, over every series tested together.</param>
public sealed record Detection(SeriesTest Test, string Month, SignalRate Before, SignalRate After, double LikelihoodRatio, double QValue);

/// <summary>The settings of a detection (<see cref="SignalOptions"/> holds the configured ones).</summary>
/// <param name="MinPerSide">Fewest reports (out of which the rate is counted) on each side of a split.</param>
/// <param name="FalseDiscoveryRate">The Benjamini–Hochberg level over all series tested together.</param>
/// <param name="MinDifference">Smallest difference of the two rates (absolute, 0 to 1) worth a signal.</param>
public sealed record DetectorSettings(int MinPerSide, double FalseDiscoveryRate, double MinDifference);

/// <summary>
/// Binomial change-point detection over month-of-service series. For each series, every split between two months
/// that leaves at least <see cref="DetectorSettings.MinPerSide"/> reports on each side is a candidate; the best split
/// is the one with the largest likelihood ratio of "one rate before, another after" against "one rate throughout".
/// Its p-value (χ² with one degree of freedom) is multiplied by the number of candidate splits (Bonferroni: it
/// pays for the search, conservatively, since neighbouring splits are correlated), and those p-values of all the
/// series tested together are adjusted by Benjamini–Hochberg. A series is a signal when its adjusted value is at
/// most the false discovery rate and the two rates differ by at least <see cref="DetectorSettings.MinDifference"/>.
/// Pure and allocation-light: a series of n months costs O(n). See docs/signals.md.
/// </summary>
public static class ChangeDetector
{
    /// <summary>z of a two-sided 95 % interval.</summary>
    private const double Z = 1.959963984540054;

    /// <summary>The signals among <paramref name="tests"/>, tested together (one family for the false discovery rate).</summary>
    public static IReadOnlyList<Detection> Detect(IEnumerable<SeriesTest> tests, DetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(settings);
        var candidates = new List<(SeriesTest Test, Split Split)>();
        foreach (var test in tests)
        {
            if (BestSplit(test.Months, settings.MinPerSide) is { } split)
            {
                candidates.Add((test, split));
            }
        }

        var q = BenjaminiHochberg(candidates.Select(c => c.Split.PValue).ToArray());
        var detections = new List<Detection>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (test, split) = candidates[i];
            if (q[i] > settings.FalseDiscoveryRate || Math.Abs(split.AfterRate - split.BeforeRate) < settings.MinDifference)
            {
                continue;
            }

            detections.Add(new Detection(
                test, test.Months[split.Index].Month, SignalRate.From(split.BeforeCount, split.BeforeOf), SignalRate.From(split.AfterCount, split.AfterOf),
                Math.Round(split.LikelihoodRatio, 3), q[i]));
        }

        return detections;
    }

    /// <summary>The best split of a series: <see cref="Split.Index"/> is the first month after it. Null when no split has enough reports on both sides.</summary>
    internal static Split? BestSplit(IReadOnlyList<MonthCount> months, int minPerSide)
    {
        ArgumentNullException.ThrowIfNull(months);
        long totalCount = 0, totalOf = 0;
        for (var i = 0; i < months.Count; i++)
        {
            totalCount += months[i].Count;
            totalOf += months[i].Of;
        }

        if (totalOf < 2L * minPerSide)
        {
            return null;
        }

        var whole = LogLikelihood(totalCount, totalOf);
        long count = 0, of = 0;
        var best = -1;
        var bestGain = double.NegativeInfinity;
        long bestCount = 0, bestOf = 0;
        var admissible = 0;
        for (var i = 1; i < months.Count; i++)
        {
            count += months[i - 1].Count;
            of += months[i - 1].Of;
            if (months[i].Of == 0 || of < minPerSide)
            {
                // A split is placed only before a month with reports, so the change month has some.
                continue;
            }

            if (totalOf - of < minPerSide)
            {
                break;
            }

            admissible++;
            var gain = LogLikelihood(count, of) + LogLikelihood(totalCount - count, totalOf - of);
            if (gain > bestGain)
            {
                (best, bestGain, bestCount, bestOf) = (i, gain, count, of);
            }
        }

        if (best < 0)
        {
            return null;
        }

        var ratio = Math.Max(0, 2 * (bestGain - whole));
        var p = Math.Min(1, admissible * ChiSquare1Survival(ratio));
        return new Split(best, bestCount, bestOf, totalCount - bestCount, totalOf - bestOf, ratio, p);
    }

    /// <summary>Benjamini–Hochberg adjusted p-values, in the order given.</summary>
    internal static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var n = pValues.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[n];
        var running = 1.0;
        for (var rank = n; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * n / rank);
            adjusted[i] = running;
        }

        return adjusted;
    }

    /// <summary>The 95 % Wilson score interval of <paramref name="count"/> out of <paramref name="of"/>.</summary>
    public static (double Low, double High) Wilson(long count, long of)
    {
        if (of <= 0)
        {
            return (0, 1);
        }

        var p = (double)count / of;
        var z2 = Z * Z;
        var denominator = 1 + (z2 / of);
        var centre = (p + (z2 / (2 * of))) / denominator;
        var half = Z / denominator * Math.Sqrt((p * (1 - p) / of) + (z2 / (4.0 * of * of)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>P(χ²₁ ≥ x) = erfc(√(x/2)).</summary>
    internal static double ChiSquare1Survival(double x) => x <= 0 ? 1 : Erfc(Math.Sqrt(x / 2));

    /// <summary>Numerical Recipes' erfcc coefficients, highest power of t first.</summary>
    private static readonly double[] ErfcCoefficients =
        [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];

    /// <summary>The complementary error function (Chebyshev fit, fractional error below 1.2e-7; Numerical Recipes' erfcc).</summary>
    internal static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = 0.0;
        foreach (var coefficient in ErfcCoefficients)
        {
            poly = (poly * t) + coefficient;
        }

        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>The binomial log-likelihood of <paramref name="k"/> out of <paramref name="n"/> at its own rate (0·ln 0 = 0).</summary>
    private static double LogLikelihood(long k, long n)
    {
        if (n == 0 || k == 0 || k == n)
        {
            return 0;
        }

        var p = (double)k / n;
        return (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));
    }

    /// <summary>A split of a series: the first month after it, the counts on both sides, its likelihood ratio and its search-adjusted p-value.</summary>
    internal readonly record struct Split(int Index, long BeforeCount, long BeforeOf, long AfterCount, long AfterOf, double LikelihoodRatio, double PValue)
    {
        public double BeforeRate => (double)BeforeCount / BeforeOf;

        public double AfterRate => (double)AfterCount / AfterOf;
    }
}
