using System.Globalization;
using System.Text;
using CsvHelper;
using Survey.Shared.Aggregation;
using Survey.Shared.Exports;
using Survey.Shared.Stats;

namespace Survey.Tests.Exports;

public sealed class StatsCsvTests
{
    private static readonly string[] MeasureColumns =
    [
        "reports",
        "home_reports", "home_covered_in_full", "home_covered_with_cost_share", "home_partially_covered", "home_denied", "home_pending", "home_not_billed",
        "office_reports", "office_covered_in_full", "office_covered_with_cost_share", "office_partially_covered", "office_denied", "office_pending", "office_not_billed",
        "telehealth_reports", "telehealth_covered_in_full", "telehealth_covered_with_cost_share", "telehealth_partially_covered", "telehealth_denied", "telehealth_pending", "telehealth_not_billed",
        "hospital_outpatient_reports", "hospital_outpatient_covered_in_full", "hospital_outpatient_covered_with_cost_share", "hospital_outpatient_partially_covered",
        "hospital_outpatient_denied", "hospital_outpatient_pending", "hospital_outpatient_not_billed",
        "inpatient_reports", "inpatient_covered_in_full", "inpatient_covered_with_cost_share", "inpatient_partially_covered", "inpatient_denied", "inpatient_pending", "inpatient_not_billed",
        "role_ibclc", "role_family", "role_other_provider",
        "outcome_covered_in_full", "outcome_covered_with_cost_share", "outcome_partially_covered", "outcome_denied", "outcome_pending", "outcome_not_billed",
        "prior_authorization_yes", "prior_authorization_no", "prior_authorization_unknown",
        "told_covered_beforehand_yes", "told_covered_beforehand_no", "told_covered_beforehand_unknown",
        "covered_in_full_count", "covered_in_full_of", "covered_in_full_rate",
        "any_coverage_count", "any_coverage_of", "any_coverage_rate",
        "denied_count", "denied_of", "denied_rate",
        "prior_authorization_required_count", "prior_authorization_required_of", "prior_authorization_required_rate",
        "told_covered_but_denied_count", "told_covered_but_denied_of", "told_covered_but_denied_rate",
        "out_of_pocket_reports", "out_of_pocket_median_usd", "out_of_pocket_mean_usd",
        "denial_reason_setting_not_covered", "denial_reason_provider_not_licensed", "denial_reason_provider_not_in_network", "denial_reason_no_prior_authorization",
        "denial_reason_visit_limit", "denial_reason_not_a_covered_benefit", "denial_reason_other",
        "advocacy_called_insurer", "advocacy_employer_hr", "advocacy_insurance_regulator", "advocacy_legislator", "advocacy_formal_appeal", "advocacy_other",
    ];

    private static readonly string[] HostileNames =
    [
        "=HYPERLINK(\"http://evil\",\"x\")",
        "=1+1",
        "+1",
        "-2",
        "@SUM(A1)",
        "\tTabbed",
        "\rCarriage",
        "'apostrophe first",
        "''two apostrophes",
        "Comma, \"quotes\" and more",
        "Line\nbreak\r\nand another",
        "Saúde Família 🍼 Émilie",
        "Plain Health",
    ];

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    [Fact]
    public void The_plans_file_has_the_documented_columns_in_order()
    {
        var (header, _) = Parse(WritePlans([Plan("p-1", "Acme", null, Counts(("reports", 1)))], StatsFilter.None));

        Assert.Equal(["plan_key", "insurer", "plan", "verified", "period_from", "period_to", .. MeasureColumns], header);
        Assert.Equal(header, StatsCsv.PlanColumns);
    }

    [Fact]
    public void The_months_file_has_the_same_measure_columns_after_the_month()
    {
        var (header, _) = Parse(WriteMonths([Months(Plan("p-1", "Acme", null, Counts(("reports", 1))), ("2025-06", Counts(("reports", 1))))]));

        Assert.Equal(["plan_key", "insurer", "plan", "verified", "month", .. MeasureColumns], header);
        Assert.Equal(header, StatsCsv.MonthColumns);
    }

    [Fact]
    public void The_file_is_utf8_with_a_byte_order_mark_comma_separated_with_crlf_line_endings()
    {
        var bytes = WritePlans([Plan("p-1", "Acme", "Gold", Counts(("reports", 1))), Plan("p-2", "Beta", null, Counts(("reports", 1)))], StatsFilter.None);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.DoesNotContain('\n', string.Concat(lines));
        Assert.StartsWith("plan_key,insurer,plan,verified,period_from,period_to,reports,home_reports,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("p-1,Acme,Gold,true,,,1,0,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("p-2,Beta,,true,,,1,0,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_row_carries_its_counts_rates_and_amounts_in_invariant_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var plan = Plan("bcbs-ma-ppo", "Blue Cross Blue Shield of Massachusetts", "PPO", Busy());
            var (_, rows) = Parse(WritePlans([plan], new StatsFilter(From: "2025-01", To: "2025-06", Setting: "home")));

            var row = Assert.Single(rows);
            Assert.Equal("bcbs-ma-ppo", row["plan_key"]);
            Assert.Equal("Blue Cross Blue Shield of Massachusetts", row["insurer"]);
            Assert.Equal("PPO", row["plan"]);
            Assert.Equal("true", row["verified"]);
            Assert.Equal("2025-01", row["period_from"]);
            Assert.Equal("2025-06", row["period_to"]);
            Assert.Equal("7", row["reports"]);
            Assert.Equal("5", row["home_reports"]);
            Assert.Equal("2", row["home_covered_in_full"]);
            Assert.Equal("3", row["home_denied"]);
            Assert.Equal("2", row["office_reports"]);
            Assert.Equal("1", row["office_pending"]);
            Assert.Equal("1", row["office_partially_covered"]);
            Assert.Equal("0", row["inpatient_reports"]);
            Assert.Equal("4", row["role_ibclc"]);
            Assert.Equal("3", row["role_family"]);
            Assert.Equal("0", row["role_other_provider"]);
            Assert.Equal("3", row["outcome_denied"]);
            Assert.Equal("3", row["prior_authorization_yes"]);
            Assert.Equal("4", row["prior_authorization_no"]);
            Assert.Equal("0", row["prior_authorization_unknown"]);
            Assert.Equal("2", row["told_covered_beforehand_yes"]);
            Assert.Equal("5", row["told_covered_beforehand_unknown"]);

            // Outcome rates are out of the 6 decided reports (the pending one is left out).
            Assert.Equal(("2", "6", "0.3333"), (row["covered_in_full_count"], row["covered_in_full_of"], row["covered_in_full_rate"]));
            Assert.Equal(("3", "6", "0.5"), (row["any_coverage_count"], row["any_coverage_of"], row["any_coverage_rate"]));
            Assert.Equal(("3", "6", "0.5"), (row["denied_count"], row["denied_of"], row["denied_rate"]));
            Assert.Equal(("3", "7", "0.4286"), (row["prior_authorization_required_count"], row["prior_authorization_required_of"], row["prior_authorization_required_rate"]));
            Assert.Equal(("1", "2", "0.5"), (row["told_covered_but_denied_count"], row["told_covered_but_denied_of"], row["told_covered_but_denied_rate"]));
            // $12.50 twice and $40: the median is the lower edge of $12.50's bin ($12–13), the mean exact.
            Assert.Equal(("3", "12.00", "21.67"), (row["out_of_pocket_reports"], row["out_of_pocket_median_usd"], row["out_of_pocket_mean_usd"]));
            Assert.Equal("2", row["denial_reason_setting_not_covered"]);
            Assert.Equal("1", row["denial_reason_visit_limit"]);
            Assert.Equal("0", row["denial_reason_other"]);
            Assert.Equal("1", row["advocacy_formal_appeal"]);
            Assert.Equal("0", row["advocacy_legislator"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Undefined_rates_and_amounts_are_empty_cells()
    {
        var plan = Plan("unverified-acme-0000000000", "Acme", null, Counts(("reports", 1), (ReportCounters.Outcome("pending"), 1)), verified: false);

        var row = Assert.Single(Parse(WritePlans([plan], StatsFilter.None)).Rows);

        Assert.Equal("false", row["verified"]);
        Assert.Equal("", row["plan"]);
        Assert.Equal(("", ""), (row["period_from"], row["period_to"]));
        Assert.Equal(("0", "0", ""), (row["covered_in_full_count"], row["covered_in_full_of"], row["covered_in_full_rate"]));
        Assert.Equal("", row["any_coverage_rate"]);
        Assert.Equal("", row["denied_rate"]);
        Assert.Equal("", row["prior_authorization_required_rate"]);
        Assert.Equal("", row["told_covered_but_denied_rate"]);
        Assert.Equal(("0", "", ""), (row["out_of_pocket_reports"], row["out_of_pocket_median_usd"], row["out_of_pocket_mean_usd"]));
    }

    [Fact]
    public void Hostile_names_round_trip_as_text_and_no_cell_starts_like_a_formula()
    {
        var plans = HostileNames.Select((name, i) => Plan($"unverified-hostile-{i:D10}", name, name, Counts(("reports", 1)), verified: false)).ToList();

        var (_, rows) = Parse(WritePlans(plans, StatsFilter.None));

        Assert.Equal(HostileNames.Length, rows.Count);
        for (var i = 0; i < HostileNames.Length; i++)
        {
            Assert.Equal(HostileNames[i], Unescape(rows[i]["insurer"]));
            Assert.Equal(HostileNames[i], Unescape(rows[i]["plan"]));
            Assert.Equal("1", rows[i]["reports"]);
        }

        AssertNoFormulas(rows);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTabbed", "'\tTabbed")]
    [InlineData("'apostrophe first", "''apostrophe first")]
    [InlineData("Plain Health", "Plain Health")]
    public void A_name_that_starts_like_a_formula_gets_an_apostrophe_in_front(string name, string cell)
    {
        var row = Assert.Single(Parse(WritePlans([Plan("unverified-x-0000000000", name, null, Counts(("reports", 1)), verified: false)], StatsFilter.None)).Rows);

        Assert.Equal(cell, row["insurer"]);
    }

    [Fact]
    public void The_months_file_has_a_row_per_plan_and_month_in_month_order()
    {
        var first = Months(
            Plan("bcbs-ma-ppo", "Blue Cross Blue Shield of Massachusetts", "PPO", Busy()),
            ("2025-04", Counts(("reports", 3), (ReportCounters.Setting("home"), 3), (ReportCounters.SettingOutcome("home", "denied"), 3), (ReportCounters.Outcome("denied"), 3))),
            ("2025-02", Counts(("reports", 4), (ReportCounters.Setting("office"), 4), (ReportCounters.Outcome("covered-in-full"), 4))));
        var hostile = Months(
            Plan("unverified-hyperlink-0000000000", "=HYPERLINK(\"http://evil\",\"x\")", "-2", Counts(("reports", 1)), verified: false),
            ("2025-03", Counts(("reports", 1), (ReportCounters.PriorAuthorization("yes"), 1))));

        var (_, rows) = Parse(WriteMonths([first, hostile]));

        Assert.Equal(["bcbs-ma-ppo|2025-02|4", "bcbs-ma-ppo|2025-04|3", "unverified-hyperlink-0000000000|2025-03|1"], rows.Select(r => $"{r["plan_key"]}|{r["month"]}|{r["reports"]}"));
        Assert.Equal(("4", "0", "4", "1"), (rows[0]["office_reports"], rows[0]["home_reports"], rows[0]["covered_in_full_count"], rows[0]["covered_in_full_rate"]));
        Assert.Equal(("3", "3", "1"), (rows[1]["home_denied"], rows[1]["outcome_denied"], rows[1]["denied_rate"]));
        Assert.Equal("true", rows[0]["verified"]);
        Assert.Equal("=HYPERLINK(\"http://evil\",\"x\")", Unescape(rows[2]["insurer"]));
        Assert.Equal("-2", Unescape(rows[2]["plan"]));
        Assert.Equal(("false", "1", "1"), (rows[2]["verified"], rows[2]["prior_authorization_yes"], rows[2]["prior_authorization_required_rate"]));
        AssertNoFormulas(rows);
    }

    [Fact]
    public void The_months_file_of_no_plans_is_just_the_header()
    {
        var bytes = WriteMonths([]);

        var (header, rows) = Parse(bytes);
        Assert.Equal(StatsCsv.MonthColumns, header);
        Assert.Empty(rows);
        Assert.EndsWith("advocacy_other\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "survey-plans.csv", "survey-months.csv")]
    [InlineData("2025-01", "2025-06", "survey-plans-2025-01-2025-06.csv", "survey-months-2025-01-2025-06.csv")]
    [InlineData("2025-01", null, "survey-plans-from-2025-01.csv", "survey-months-from-2025-01.csv")]
    [InlineData(null, "2025-06", "survey-plans-to-2025-06.csv", "survey-months-to-2025-06.csv")]
    public void File_names_carry_the_period_of_the_filter(string? from, string? to, string plans, string months)
    {
        var filter = new StatsFilter(From: from, To: to, Setting: "office");

        Assert.Equal(plans, StatsCsv.PlansFileName(filter));
        Assert.Equal(months, StatsCsv.MonthsFileName(filter));
    }

    /// <summary>7 reports: home (2 covered in full, 3 denied), office (1 pending, 1 partially covered), and the rest.</summary>
    private static Dictionary<string, long> Busy() => Counts(
        (ReportCounters.Reports, 7),
        (ReportCounters.Setting("home"), 5),
        (ReportCounters.SettingOutcome("home", "covered-in-full"), 2),
        (ReportCounters.SettingOutcome("home", "denied"), 3),
        (ReportCounters.Setting("office"), 2),
        (ReportCounters.SettingOutcome("office", "pending"), 1),
        (ReportCounters.SettingOutcome("office", "partially-covered"), 1),
        (ReportCounters.Outcome("covered-in-full"), 2),
        (ReportCounters.Outcome("denied"), 3),
        (ReportCounters.Outcome("pending"), 1),
        (ReportCounters.Outcome("partially-covered"), 1),
        (ReportCounters.Role("ibclc"), 4),
        (ReportCounters.Role("family"), 3),
        (ReportCounters.PriorAuthorization("yes"), 3),
        (ReportCounters.PriorAuthorization("no"), 4),
        (ReportCounters.ToldCovered("yes"), 2),
        (ReportCounters.ToldCovered("unknown"), 5),
        (ReportCounters.ToldCoveredButDenied, 1),
        (ReportCounters.OutOfPocket(12.5m), 2),
        (ReportCounters.OutOfPocket(40m), 1),
        (ReportCounters.OutOfPocketSumCents, 6500),
        (ReportCounters.DenialReason("setting-not-covered"), 2),
        (ReportCounters.DenialReason("visit-limit"), 1),
        (ReportCounters.AdvocacyAction("formal-appeal"), 1));

    private static Dictionary<string, long> Counts(params (string Counter, long N)[] counts)
        => counts.ToDictionary(c => c.Counter, c => c.N, StringComparer.Ordinal);

    private static PlanStats Plan(string planKey, string insurer, string? plan, Dictionary<string, long> counts, bool verified = true)
        => new(MeasuresCalculator.From(counts)) { PlanKey = planKey, Insurer = insurer, Plan = plan, Verified = verified };

    private static PlanMonths Months(PlanStats plan, params (string Month, Dictionary<string, long> Counts)[] months)
        => new(plan, months.ToDictionary(m => m.Month, m => MeasuresCalculator.From(m.Counts), StringComparer.Ordinal));

    private static byte[] WritePlans(IReadOnlyList<PlanStats> plans, StatsFilter filter)
    {
        using var stream = new MemoryStream();
        StatsCsv.WritePlans(new PlanStatsList(plans), filter, stream);
        return stream.ToArray();
    }

    private static byte[] WriteMonths(IReadOnlyList<PlanMonths> plans)
    {
        using var stream = new MemoryStream();
        StatsCsv.WriteMonths(plans, stream);
        return stream.ToArray();
    }

    /// <summary>Reads a file back with CsvHelper: the header, and each row keyed by column name.</summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) Parse(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToArray());
        }

        string[] header = [.. reader.Headers];
        Assert.All(rows, row => Assert.Equal(header.Length, row.Length));
        return (header, rows.Select(row => header.Zip(row).ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal)).ToList());
    }

    /// <summary>The documented way back to the name as typed: drop the ' the writer put in front.</summary>
    private static string Unescape(string cell) => cell.StartsWith('\'') ? cell[1..] : cell;

    private static void AssertNoFormulas(List<Dictionary<string, string>> rows)
        => Assert.All(rows.SelectMany(r => r.Values), cell => Assert.False(cell.Length > 0 && FormulaStarts.Contains(cell[0]), $"The cell '{cell}' starts like a formula."));
}
