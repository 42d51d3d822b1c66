using System.Globalization;
using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>
/// The counters one report adds to its plan's aggregate rows. Aggregates are nothing but these counters
/// summed, so they can always be recomputed from the stored reports, and every statistic (rates, the
/// out-of-pocket median, …) is computed from them. The set of counters is fixed by the schema and a fixed
/// ladder of out-of-pocket bins, whatever the reports say, so an aggregate row has a bounded size
/// (<see cref="MaxCountsLength"/>) and never reaches Azure's 64 KiB limit for a string property.
/// </summary>
public static class ReportCounters
{
    public const string Reports = "reports";

    /// <summary>Reports whose family was told it was covered and whose claim was then denied.</summary>
    public const string ToldCoveredButDenied = "toldDenied";

    /// <summary>The prefix of the out-of-pocket histogram's counters: one per bin, named by the bin's lower edge in whole dollars.</summary>
    public const string OutOfPocketPrefix = "oopBin:";

    /// <summary>The sum of the out-of-pocket amounts in cents, so the mean stays exact whatever the bins.</summary>
    public const string OutOfPocketSumCents = "oopSumCents";

    /// <summary>
    /// The longest <c>Counts</c> JSON an aggregate row can hold: every counter there is, each at
    /// <see cref="long.MaxValue"/>. A string property holds at most 32,768 UTF-16 characters (64 KiB).
    /// </summary>
    public const int MaxCountsLength = 30_000;

    /// <summary>
    /// The out-of-pocket bins: from each lower edge (whole dollars) on, bins of that width, up to the
    /// largest amount the schema allows (one bin at 100,000). Whole-dollar amounts under $250 each have a bin
    /// of their own; amounts of round figures ($5 to $1,000, $25 to $5,000, …) fall on a bin's lower edge.
    /// </summary>
    private static readonly (int From, int Width)[] Ladder = [(0, 1), (250, 5), (1_000, 25), (5_000, 250), (20_000, 2_500)];

    private const int LargestAmount = 100_000;

    /// <summary>In the plan list's form (<see cref="ListForm"/>): reports with an out-of-pocket amount.</summary>
    public const string OutOfPocketReports = "oop:reports";

    /// <summary>In the plan list's form: the median out-of-pocket amount, in cents.</summary>
    public const string OutOfPocketMedianCents = "oop:medianCents";

    /// <summary>In the plan list's form: the mean out-of-pocket amount, in cents.</summary>
    public const string OutOfPocketMeanCents = "oop:meanCents";

    /// <summary>Every counter report schema v1 defines, except the one per out-of-pocket amount (<see cref="SchemaOf"/> of <see cref="Questionnaire.Default"/>).</summary>
    public static IReadOnlyList<string> Schema { get; } = SchemaOf(Questionnaire.Default);

    /// <summary>
    /// Every counter <paramref name="questionnaire"/> defines, except the one per out-of-pocket amount: the reports,
    /// the settings and their outcomes, and one per option of each counted question (<see cref="Question.Counted"/>).
    /// Counted questions have a fixed set of options, so the set stays bounded.
    /// </summary>
    public static IReadOnlyList<string> SchemaOf(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return
        [
            Reports,
            ToldCoveredButDenied,
            .. ReportSchema.Settings.Select(Setting),
            .. ReportSchema.Settings.SelectMany(s => ReportSchema.Outcomes.Select(o => SettingOutcome(s, o))),
            .. questionnaire.Counted.SelectMany(q => q.Options.Select(q.Counter)),
        ];
    }

    public static string Setting(string setting) => $"setting:{setting}";

    public static string SettingOutcome(string setting, string outcome) => $"setting:{setting}:outcome:{outcome}";

    public static string Outcome(string outcome) => $"outcome:{outcome}";

    public static string Role(string role) => $"role:{role}";

    public static string PriorAuthorization(string answer) => $"priorAuth:{answer}";

    public static string ToldCovered(string answer) => $"told:{answer}";

    public static string DenialReason(string reason) => $"denial:{reason}";

    public static string AdvocacyAction(string action) => $"advocacy:{action}";

    /// <summary>The counter of the bin an amount falls in (amounts outside the schema's range go to the first or last bin).</summary>
    public static string OutOfPocket(decimal amount) => OutOfPocketPrefix + BinOf(amount).From.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bin an amount falls in: its lower edge and width, in whole dollars.</summary>
    public static (int From, int Width) BinOf(decimal amount)
    {
        var dollars = (int)decimal.Floor(Math.Clamp(amount, 0m, LargestAmount));
        var (from, width) = Ladder.Last(step => step.From <= dollars);
        return (from + ((dollars - from) / width * width), width);
    }

    /// <summary>Every bin of the histogram, lowest first.</summary>
    public static IEnumerable<(int From, int Width)> Bins()
    {
        for (var i = 0; i < Ladder.Length; i++)
        {
            var (from, width) = Ladder[i];
            var end = i + 1 < Ladder.Length ? Ladder[i + 1].From : LargestAmount + 1;
            for (var edge = from; edge < end; edge += width)
            {
                yield return (edge, width);
            }
        }
    }

    /// <summary>Every counter an aggregate row can hold: the schema's, one per out-of-pocket bin, the sum, and the cell keys of the published counters.</summary>
    public static IEnumerable<string> All() => All(Questionnaire.Default);

    /// <summary>Every counter an aggregate row can hold when the reports answer <paramref name="questionnaire"/>.</summary>
    public static IEnumerable<string> All(Questionnaire questionnaire) => SchemaOf(questionnaire)
        .Concat(Bins().Select(b => OutOfPocketPrefix + b.From.ToString(CultureInfo.InvariantCulture))).Append(OutOfPocketSumCents)
        .Concat(Published().Select(CellKey));

    /// <summary>
    /// The prefix of a cell-key counter: the sum of the record keys (<see cref="Reports.RecordKeys"/>) of the reports a
    /// published counter counts, kept beside the counter in the same transactions, so it always matches the count.
    /// The public statistics take their perturbation from it (<see cref="Stats.CellKeyPerturbation"/>).
    /// </summary>
    public const string CellKeyPrefix = "key:";

    /// <summary>The cell-key counter of a published counter.</summary>
    public static string CellKey(string counter) => CellKeyPrefix + counter;

    public static bool IsCellKey(string counter) => counter.StartsWith(CellKeyPrefix, StringComparison.Ordinal);

    /// <summary>Every counter the public statistics publish (each has a cell key).</summary>
    public static IEnumerable<string> Published() =>
    [
        Reports,
        .. ReportSchema.Settings.Select(Setting),
        .. ReportSchema.Settings.SelectMany(s => ReportSchema.Outcomes.Select(o => SettingOutcome(s, o))),
        .. ReportSchema.ReporterRoles.Select(Role),
        .. ReportSchema.YesNoUnknown.Select(PriorAuthorization),
    ];

    /// <summary>
    /// The counters one report adds (<see cref="For(Report)"/>), with its record key added to the cell key of each
    /// counter the public statistics publish.
    /// </summary>
    public static IReadOnlyList<(string Counter, long By)> For(Report report, uint recordKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counters = new List<(string Counter, long By)>(For(report));
        string[] published = [Reports, Setting(report.Setting), SettingOutcome(report.Setting, report.Outcome), Role(report.ReporterRole), PriorAuthorization(report.PriorAuthorizationRequired ?? "unknown")];
        counters.AddRange(published.Select(counter => (CellKey(counter), (long)recordKey)));
        return counters;
    }

    /// <summary>Sums the counters and cell keys of many reports, as the aggregate rows should hold them.</summary>
    public static Dictionary<string, long> Sum(IEnumerable<(Report Report, uint RecordKey)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (report, key) in reports)
        {
            foreach (var (counter, by) in For(report, key))
            {
                counts[counter] = counts.GetValueOrDefault(counter) + by;
            }
        }

        counts.Keys.Where(c => counts[c] == 0).ToList().ForEach(c => counts.Remove(c));
        return counts;
    }

    /// <summary>Splits a row's stored counters into the counts and the cell keys.</summary>
    public static (Dictionary<string, long> Counts, Dictionary<string, long> CellKeys) SplitCellKeys(IReadOnlyDictionary<string, long> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (counter, value) in stored)
        {
            (IsCellKey(counter) ? keys : counts)[counter] = value;
        }

        return (counts, keys);
    }

    /// <summary>The counters one report adds, with how much it adds to each (1, and its amount in cents to the sum).</summary>
    public static IReadOnlyList<(string Counter, long By)> For(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counters = new List<(string, long)>(14);
        foreach (var counter in Names(report))
        {
            counters.Add((counter, 1));
        }

        if (report.OutOfPocketUsd is { } amount)
        {
            counters.Add((OutOfPocket(amount), 1));
            counters.Add((OutOfPocketSumCents, (long)decimal.Round(Math.Clamp(amount, 0m, LargestAmount) * 100m)));
        }

        return counters;
    }

    // Report schema v1's counted questions by their fields, and any other counted question by the answers the
    // report carries (a questionnaire with more questions); the same counters whichever questionnaire is served.
    private static List<string> Names(Report report)
    {
        var counters = new List<string>(12)
        {
            Reports,
            Setting(report.Setting),
            SettingOutcome(report.Setting, report.Outcome),
        };
        foreach (var question in Questionnaire.Default.Counted)
        {
            counters.AddRange(ReportAnswers.Counted(report, question).Select(question.Counter));
        }

        if (report.ToldCoveredBeforehand == "yes" && report.Outcome == "denied")
        {
            counters.Add(ToldCoveredButDenied);
        }

        counters.AddRange(ReportAnswers.CountersBeyond(report, Questionnaire.Default));
        return counters;
    }

    /// <summary>Sums the counters of many reports, as the aggregates should hold them.</summary>
    public static Dictionary<string, long> Sum(IEnumerable<Report> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            foreach (var (counter, by) in For(report))
            {
                counts[counter] = counts.GetValueOrDefault(counter) + by;
            }
        }

        return counts;
    }

    /// <summary>
    /// A total in the fixed form the plan list keeps: every counter of <see cref="Schema"/> (zeros included)
    /// and any other counter the total holds, with the out-of-pocket bins and sum folded into their
    /// count, median and mean. A plan's list row then has the same size whether it counts one report or a
    /// hundred thousand, however many distinct amounts they paid; the measures computed from it equal the
    /// total's (<see cref="CounterSums.OutOfPocket"/> reads either form).
    /// </summary>
    public static Dictionary<string, long> ListForm(IReadOnlyDictionary<string, long> total)
    {
        ArgumentNullException.ThrowIfNull(total);
        var form = Schema.ToDictionary(counter => counter, total.GetValueOrDefault, StringComparer.Ordinal);
        foreach (var (counter, count) in total)
        {
            if (!counter.StartsWith(OutOfPocketPrefix, StringComparison.Ordinal) && counter != OutOfPocketSumCents)
            {
                form[counter] = count;
            }
        }

        var outOfPocket = CounterSums.OutOfPocket(total);
        form[OutOfPocketReports] = outOfPocket.Reports;
        form[OutOfPocketMedianCents] = Cents(outOfPocket.MedianUsd);
        form[OutOfPocketMeanCents] = Cents(outOfPocket.MeanUsd);
        return form;

        static long Cents(decimal? amount) => amount is { } usd ? (long)(usd * 100) : 0;
    }
}
