using System.Globalization;

namespace Survey.Shared.Aggregation;

/// <summary>Sums of <see cref="ReportCounters"/>: adding totals up, and reading the out-of-pocket amounts back out of them.</summary>
public static class CounterSums
{
    /// <summary>Adds counters into a running sum.</summary>
    public static void Add(Dictionary<string, long> sum, IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(sum);
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var (counter, n) in counts)
        {
            sum[counter] = sum.GetValueOrDefault(counter) + n;
        }
    }

    /// <summary>
    /// Count, median and mean of the out-of-pocket amounts: from the histogram (bins and exact sum), or as the plan
    /// list's form holds them. The mean is exact; the median is the lower edge of the bin holding the middle
    /// amount (the mean of two such edges for an even count; see <see cref="ReportCounters.BinOf"/>).
    /// </summary>
    public static (long Reports, decimal? MedianUsd, decimal? MeanUsd) OutOfPocket(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.TryGetValue(ReportCounters.OutOfPocketReports, out var folded))
        {
            return folded == 0
                ? (0, null, null)
                : (folded, Usd(counts.GetValueOrDefault(ReportCounters.OutOfPocketMedianCents) / 100m), Usd(counts.GetValueOrDefault(ReportCounters.OutOfPocketMeanCents) / 100m));
        }

        // The histogram: each bin stands for its lower edge, so the median is that of the amounts rounded down to
        // their bins (exact for amounts on a bin's edge); the mean comes from the exact sum.
        var amounts = counts
            .Where(c => c.Key.StartsWith(ReportCounters.OutOfPocketPrefix, StringComparison.Ordinal) && c.Value > 0)
            .Select(c => (Amount: (decimal)int.Parse(c.Key.AsSpan(ReportCounters.OutOfPocketPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture), Count: c.Value))
            .OrderBy(a => a.Amount)
            .ToList();
        var n = amounts.Sum(a => a.Count);
        if (n == 0)
        {
            return (0, null, null);
        }

        var mean = counts.GetValueOrDefault(ReportCounters.OutOfPocketSumCents) / 100m / n;
        var median = (Nth((n - 1) / 2) + Nth(n / 2)) / 2;
        return (n, Usd(median), Usd(mean));

        // The amount at a 0-based position of the sorted list of all amounts.
        decimal Nth(long position)
        {
            foreach (var (amount, count) in amounts)
            {
                if (position < count)
                {
                    return amount;
                }

                position -= count;
            }

            return amounts[^1].Amount;
        }
    }

    /// <summary>Rounded to the cent, and written with two decimals whichever way it was computed.</summary>
    private static decimal Usd(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
