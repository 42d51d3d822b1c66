using System.Globalization;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;

namespace Survey.Shared.Stats;

/// <summary>Turns summed counters (<see cref="ReportCounters"/>) into measures.</summary>
public static class MeasuresCalculator
{
    public static Measures From(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long Count(string counter) => counts.GetValueOrDefault(counter);

        var reports = Count(ReportCounters.Reports);
        var outcomes = ReportSchema.Outcomes.ToDictionary(o => o, o => Count(ReportCounters.Outcome(o)));
        var decided = reports - outcomes["pending"] - outcomes["not-billed"];
        var priorAuth = ReportSchema.YesNoUnknown.ToDictionary(a => a, a => Count(ReportCounters.PriorAuthorization(a)));
        var told = ReportSchema.YesNoUnknown.ToDictionary(a => a, a => Count(ReportCounters.ToldCovered(a)));
        return new Measures
        {
            Reports = reports,
            BySetting = ReportSchema.Settings.ToDictionary(
                s => s,
                s => new SettingStats(Count(ReportCounters.Setting(s)), ReportSchema.Outcomes.ToDictionary(o => o, o => Count(ReportCounters.SettingOutcome(s, o))))),
            ByRole = ReportSchema.ReporterRoles.ToDictionary(r => r, r => Count(ReportCounters.Role(r))),
            PriorAuthorizationRequired = priorAuth,
            Outcomes = outcomes,
            ToldCoveredBeforehand = told,
            Rates = new Rates(
                new Rate(outcomes["covered-in-full"], decided),
                new Rate(outcomes["covered-in-full"] + outcomes["covered-with-cost-share"] + outcomes["partially-covered"], decided),
                new Rate(outcomes["denied"], decided),
                new Rate(priorAuth["yes"], priorAuth["yes"] + priorAuth["no"]),
                new Rate(Count(ReportCounters.ToldCoveredButDenied), told["yes"])),
            OutOfPocket = OutOfPocketOf(counts),
            DenialReasons = ReportSchema.DenialReasons.ToDictionary(r => r, r => Count(ReportCounters.DenialReason(r))),
            AdvocacyActions = ReportSchema.AdvocacyActions.ToDictionary(a => a, a => Count(ReportCounters.AdvocacyAction(a))),
            Counters = new Dictionary<string, long>(counts, StringComparer.Ordinal),
        };
    }

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
    public static OutOfPocket OutOfPocketOf(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.TryGetValue(ReportCounters.OutOfPocketReports, out var folded))
        {
            return folded == 0
                ? new OutOfPocket(0, null, null)
                : new OutOfPocket(folded, Usd(counts.GetValueOrDefault(ReportCounters.OutOfPocketMedianCents) / 100m), Usd(counts.GetValueOrDefault(ReportCounters.OutOfPocketMeanCents) / 100m));
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
            return new OutOfPocket(0, null, null);
        }

        var mean = counts.GetValueOrDefault(ReportCounters.OutOfPocketSumCents) / 100m / n;
        var median = (Nth((n - 1) / 2) + Nth(n / 2)) / 2;
        return new OutOfPocket(n, Usd(median), Usd(mean));

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
