using Azure.Data.Tables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Tests.Aggregation;

/// <summary>
/// Every row the aggregation writes stays within Azure's entity limits by construction (64 KiB per string
/// property, 1 MiB per entity, 252 properties), whatever the reports say; the out-of-pocket measures keep
/// their stated precision.
/// </summary>
public sealed class RowLimitsTests
{
    /// <summary>A string property holds at most 64 KiB of UTF-16.</summary>
    private const int MaxStringCharacters = 32 * 1024;

    private const int MaxEntityBytes = 1024 * 1024;

    private const int MaxProperties = 252;

    [Fact]
    public void An_aggregate_row_holding_every_counter_there_is_at_its_largest_value_stays_under_the_string_property_limit()
    {
        var every = ReportCounters.All().ToDictionary(counter => counter, _ => long.MaxValue, StringComparer.Ordinal);

        var counts = PlanRowFormat.Serialize(every);

        Assert.InRange(counts.Length, 1, ReportCounters.MaxCountsLength);
        Assert.True(ReportCounters.MaxCountsLength < MaxStringCharacters);
        // The plan list's copy has a fixed set of keys (the schema's and the folded out-of-pocket measures).
        var listKeys = ReportCounters.ListForm(ReportCounters.Sum([AReport()])).Keys;
        Assert.InRange(PlanRowFormat.Serialize(listKeys.ToDictionary(k => k, _ => long.MaxValue, StringComparer.Ordinal)).Length, 1, ReportCounters.MaxCountsLength);
    }

    [Property(MaxTest = 500)]
    public Property Every_counter_a_valid_report_adds_is_one_of_the_fixed_set()
        => Prop.ForAll(Arb.From(AnyReport()), report =>
            ReportCounters.For(report).All(c => AllCounters.Contains(c.Counter)));

    [Fact]
    public void The_row_of_the_longest_report_with_every_character_escaped_stays_under_the_entity_limits()
    {
        // '<' is written as \u003C (six characters) by the JSON the rows hold, as is every non-ASCII character.
        var longest = new Report
        {
            ReporterRole = "other-provider",
            State = "MA",
            Insurer = new string('<', ReportSchema.MaxNameLength),
            Plan = new string('\u2028', ReportSchema.MaxNameLength),
            Employer = new string('>', ReportSchema.MaxNameLength),
            ServiceMonth = "2025-06",
            Setting = "hospital-outpatient",
            Outcome = "covered-with-cost-share",
            PlanType = ReportSchema.PlanTypes.MaxBy(t => t.Length),
            Funding = "fully-insured",
            ProviderCredential = "physician",
            NetworkStatus = "out-of-network",
            PriorAuthorizationRequired = "unknown",
            ToldCoveredBeforehand = "unknown",
            DenialReason = ReportSchema.DenialReasons.MaxBy(r => r.Length),
            OutOfPocketUsd = 99_999.99m,
            AdvocacyActions = [.. ReportSchema.AdvocacyActions],
            Narrative = string.Concat(Enumerable.Repeat("<🍼", ReportSchema.MaxNarrativeLength / 3)) + "<",
            ConsentToQuote = true,
            Language = "pt",
        };
        Assert.Equal(ReportSchema.MaxNarrativeLength, longest.Narrative.Length);

        var row = PlanRowFormat.ReportRow(new string('k', 200), new StoredReport(Guid.NewGuid().ToString("D"), longest, DateTimeOffset.UnixEpoch, ReportEnvelope.CurrentSchemaVersion));

        AssertWithinLimits(row);
    }

    [Fact]
    public void A_total_row_with_every_counter_and_the_longest_names_stays_under_the_entity_limits()
    {
        var row = new TableEntity(new string('k', 200), PlanStore.TotalRowKey)
        {
            ["Counts"] = PlanRowFormat.Serialize(ReportCounters.All().ToDictionary(c => c, _ => long.MaxValue, StringComparer.Ordinal)),
            ["Version"] = long.MaxValue,
            ["Insurer"] = new string('\u2028', ReportSchema.MaxNameLength),
            ["Plan"] = new string('\u2028', ReportSchema.MaxNameLength),
        };

        AssertWithinLimits(row);
    }

    [Property(MaxTest = 300)]
    public Property Whole_dollar_amounts_under_250_give_the_exact_median_and_any_amounts_the_exact_mean()
        => Prop.ForAll(Arb.From(Gen.Choose(0, 249).NonEmptyListOf()), dollars =>
        {
            var amounts = dollars.Select(d => (decimal)d).ToList();
            var measured = MeasuresCalculator.OutOfPocketOf(Counts(amounts));
            return measured == new OutOfPocket(amounts.Count, Usd(ExactMedian(amounts)), Usd(amounts.Average()));
        });

    [Property(MaxTest = 300)]
    public Property The_median_is_never_above_the_exact_median_nor_more_than_one_bin_below_it_and_the_mean_is_exact()
        => Prop.ForAll(Arb.From(Gen.Choose(0, 10_000_000).Select(cents => cents / 100m).NonEmptyListOf()), amounts =>
        {
            var measured = MeasuresCalculator.OutOfPocketOf(Counts(amounts));
            var exact = ExactMedian(amounts);
            var sorted = amounts.Order().ToList();
            var widest = Math.Max(ReportCounters.BinOf(sorted[(sorted.Count - 1) / 2]).Width, ReportCounters.BinOf(sorted[sorted.Count / 2]).Width);
            return measured.MeanUsd == Usd(amounts.Average())
                   && measured.MedianUsd <= Usd(exact)
                   && measured.MedianUsd > exact - widest
                   && MeasuresCalculator.OutOfPocketOf(ReportCounters.ListForm(Counts(amounts))) == measured;
        });

    private static readonly HashSet<string> AllCounters = [.. ReportCounters.All()];

    private static void AssertWithinLimits(TableEntity row)
    {
        Assert.InRange(row.Count, 1, MaxProperties + 3);
        foreach (var (name, value) in row)
        {
            if (value is string text)
            {
                Assert.True(text.Length <= MaxStringCharacters, $"{name}: {text.Length} characters");
            }
        }

        // Each property's name and value as UTF-16, with room for its type: far under 1 MiB.
        var bytes = row.Sum(p => (2 * p.Key.Length) + (p.Value is string s ? 2 * s.Length : 16) + 8);
        Assert.InRange(bytes, 1, MaxEntityBytes);
    }

    private static Dictionary<string, long> Counts(IEnumerable<decimal> amounts) => ReportCounters.Sum(amounts.Select(a => AReport() with { OutOfPocketUsd = a }));

    private static Report AReport() => new() { ReporterRole = "family", State = "MA", Insurer = "Acme", ServiceMonth = "2025-06", Setting = "home", Outcome = "denied", OutOfPocketUsd = 12m };

    private static decimal ExactMedian(IReadOnlyCollection<decimal> amounts)
    {
        var sorted = amounts.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static decimal Usd(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static Gen<Report> AnyReport()
    {
        static Gen<string?> Maybe(IEnumerable<string> values) => Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(values.ToArray()).Select(v => (string?)v));
        return from role in Gen.Elements(ReportSchema.ReporterRoles.ToArray())
               from setting in Gen.Elements(ReportSchema.Settings.ToArray())
               from outcome in Gen.Elements(ReportSchema.Outcomes.ToArray())
               from priorAuth in Maybe(ReportSchema.YesNoUnknown)
               from told in Maybe(ReportSchema.YesNoUnknown)
               from reason in Maybe(ReportSchema.DenialReasons)
               from actions in Gen.SubListOf(ReportSchema.AdvocacyActions.ToArray())
               from cents in Gen.OneOf(Gen.Constant<long?>(null), Gen.Choose(0, 10_000_000).Select(c => (long?)c))
               select new Report
               {
                   ReporterRole = role, State = "MA", Insurer = "Acme", ServiceMonth = "2025-06", Setting = setting, Outcome = outcome,
                   PriorAuthorizationRequired = priorAuth, ToldCoveredBeforehand = told, DenialReason = reason, AdvocacyActions = [.. actions],
                   OutOfPocketUsd = cents / 100m,
               };
    }
}
