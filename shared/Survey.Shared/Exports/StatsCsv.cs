using System.Collections.Immutable;
using System.Globalization;
using CsvHelper;
using Survey.Shared.Reports;
using Survey.Shared.Stats;

namespace Survey.Shared.Exports;

/// <summary>
/// Writes the committee's statistics as CSV files for Excel: <c>plans.csv</c>, one row per plan, and
/// <c>months.csv</c>, one row per plan and month of service.
/// </summary>
/// <remarks>
/// <para>
/// The format: UTF-8 with a byte order mark (so Excel reads accents and emoji), comma separated, CRLF line endings,
/// RFC 4180 quoting (a field with a comma, quote or line break is quoted, inner quotes doubled), invariant culture.
/// Months are <c>YYYY-MM</c>; counts are integers; rates are decimals with a <c>.</c> and at most 4 places
/// (<c>0.4286</c>), empty when out of nothing; amounts in US dollars have 2 places (<c>12.50</c>), empty without
/// amounts; <c>verified</c> is <c>true</c> or <c>false</c>. Nothing in a file depends on when it was written.
/// </para>
/// <para>
/// Insurer and plan names of unverified plans are what families typed. A text cell that starts with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return (which a spreadsheet would run as a formula) gets a
/// <c>'</c> in front, so it is shown as text (CsvHelper's <see cref="CsvInjection.Escape"/>); so does a text cell that
/// already starts with <c>'</c>. To get the name as typed, drop the first character of a text cell that starts
/// with <c>'</c>.
/// </para>
/// <para>
/// Columns are snake case; schema values keep their order and have <c>-</c> written as <c>_</c>. Both files end
/// with the same measure columns:
/// <list type="bullet">
/// <item><c>reports</c>;</item>
/// <item>per setting (<c>home, office, telehealth, hospital_outpatient, inpatient</c>): <c>&lt;setting&gt;_reports</c>,
/// then <c>&lt;setting&gt;_&lt;outcome&gt;</c> for each outcome (<c>covered_in_full, covered_with_cost_share,
/// partially_covered, denied, pending, not_billed</c>);</item>
/// <item><c>role_ibclc, role_family, role_other_provider</c>;</item>
/// <item><c>outcome_&lt;outcome&gt;</c> for each outcome;</item>
/// <item><c>prior_authorization_yes, prior_authorization_no, prior_authorization_unknown</c>;</item>
/// <item><c>told_covered_beforehand_yes, told_covered_beforehand_no, told_covered_beforehand_unknown</c>;</item>
/// <item><c>&lt;rate&gt;_count, &lt;rate&gt;_of, &lt;rate&gt;_rate</c> for <c>covered_in_full, any_coverage, denied,
/// prior_authorization_required, told_covered_but_denied</c> (see <see cref="Rates"/>);</item>
/// <item><c>out_of_pocket_reports, out_of_pocket_median_usd, out_of_pocket_mean_usd</c>;</item>
/// <item><c>denial_reason_&lt;reason&gt;</c> for each denial reason (<c>setting_not_covered, provider_not_licensed,
/// provider_not_in_network, no_prior_authorization, visit_limit, not_a_covered_benefit, other</c>);</item>
/// <item><c>advocacy_&lt;action&gt;</c> for each advocacy action (<c>called_insurer, employer_hr, insurance_regulator,
/// legislator, formal_appeal, other</c>).</item>
/// </list>
/// Then, for a questionnaire with more counted questions than report schema v1 (<see cref="Question.Counted"/>),
/// <c>{counted-as}_{option}</c> for each of their options, in the questionnaire's order.
/// <c>plans.csv</c> starts with <c>plan_key, insurer, plan, verified, period_from, period_to</c> (the filter's period,
/// empty when open); <c>months.csv</c> with <c>plan_key, insurer, plan, verified, month</c>. The full lists are
/// <see cref="PlanColumns"/> and <see cref="MonthColumns"/>.
/// </para>
/// </remarks>
public static class StatsCsv
{
    /// <summary>The media type of the files.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    private const string RateFormat = "0.####";
    private const string UsdFormat = "0.00";

    internal static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\r\n",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = true,
        TrueValue = "true",
        FalseValue = "false",
        Injection = CsvInjection.Escape,
    };

    private static readonly string[] PlanNameColumns = ["plan_key", "insurer", "plan", "verified", "period_from", "period_to"];

    private static readonly string[] MonthNameColumns = ["plan_key", "insurer", "plan", "verified", "month"];

    private static readonly ImmutableArray<Column> MeasureColumns = [.. BuildMeasureColumns(Questionnaire.Default)];

    /// <summary>The columns of <c>plans.csv</c>, in order.</summary>
    public static readonly ImmutableArray<string> PlanColumns = [.. PlanNameColumns.Concat(MeasureColumns.Select(c => c.Name))];

    /// <summary>The columns of <c>months.csv</c>, in order.</summary>
    public static readonly ImmutableArray<string> MonthColumns = [.. MonthNameColumns.Concat(MeasureColumns.Select(c => c.Name))];

    /// <summary>Writes <c>plans.csv</c>: a row per plan, in the list's order; the counted columns are <paramref name="questionnaire"/>'s (report schema v1's unless told otherwise).</summary>
    public static void WritePlans(PlanStatsList plans, StatsFilter filter, Stream destination, Questionnaire? questionnaire = null)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(destination);
        var columns = ColumnsOf(questionnaire);
        using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader([.. PlanNameColumns, .. columns.Select(c => c.Name)]);
        foreach (var plan in plans.Plans)
        {
            WritePlan(csv, plan);
            WriteText(csv, filter.From);
            WriteText(csv, filter.To);
            WriteMeasures(csv, plan, columns);
            csv.EndRecord();
        }
    }

    /// <summary>Writes <c>months.csv</c>: a row per plan and month of service, plans in the list's order, months in month order.</summary>
    public static void WriteMonths(IReadOnlyList<PlanMonths> plans, Stream destination, Questionnaire? questionnaire = null)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(destination);
        var columns = ColumnsOf(questionnaire);
        using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader([.. MonthNameColumns, .. columns.Select(c => c.Name)]);
        foreach (var (plan, months) in plans)
        {
            foreach (var (month, measures) in months.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                WritePlan(csv, plan);
                WriteText(csv, month);
                WriteMeasures(csv, measures, columns);
                csv.EndRecord();
            }
        }
    }

    private static ImmutableArray<Column> ColumnsOf(Questionnaire? questionnaire)
        => questionnaire is null || ReferenceEquals(questionnaire, Questionnaire.Default) ? MeasureColumns : [.. BuildMeasureColumns(questionnaire)];

    /// <summary><c>survey-plans-2025-01-2025-06.csv</c>, or without the period when the filter has none.</summary>
    public static string PlansFileName(StatsFilter filter) => FileName("plans", filter);

    /// <summary><c>survey-months-2025-01-2025-06.csv</c>, or without the period when the filter has none.</summary>
    public static string MonthsFileName(StatsFilter filter) => FileName("months", filter);

    // Months are validated YYYY-MM, so the name is plain ASCII whatever the query held.
    private static string FileName(string kind, StatsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var period = (filter.From, filter.To) switch
        {
            (null, null) => string.Empty,
            ({ } from, null) => $"-from-{from}",
            (null, { } to) => $"-to-{to}",
            ({ } from, { } to) => $"-{from}-{to}",
        };
        return $"survey-{kind}{period}.csv";
    }

    private static void WritePlan(CsvWriter csv, PlanStats plan)
    {
        WriteText(csv, plan.PlanKey);
        WriteText(csv, plan.Insurer);
        WriteText(csv, plan.Plan);
        csv.WriteField(plan.Verified);
    }

    private static void WriteMeasures(CsvWriter csv, Measures measures, ImmutableArray<Column> columns)
    {
        foreach (var column in columns)
        {
            column.Write(csv, measures);
        }
    }

    // CsvHelper escapes text that starts like a formula; a leading ' is doubled here so that dropping one ' from
    // any text cell that starts with it always gives the value back.
    internal static void WriteText(CsvWriter csv, string? value)
        => csv.WriteField(value is ['\'', ..] ? "'" + value : value);

    private static IEnumerable<Column> BuildMeasureColumns(Questionnaire questionnaire)
    {
        yield return Count("reports", m => m.Reports);
        foreach (var setting in ReportSchema.Settings)
        {
            yield return Count($"{Snake(setting)}_reports", m => m.BySetting[setting].Reports);
            foreach (var outcome in ReportSchema.Outcomes)
            {
                yield return Count($"{Snake(setting)}_{Snake(outcome)}", m => m.BySetting[setting].Outcomes[outcome]);
            }
        }

        foreach (var column in Counted("reporterRole", m => m.ByRole))
        {
            yield return column;
        }

        foreach (var column in Counted("outcome", m => m.Outcomes))
        {
            yield return column;
        }

        foreach (var column in Counted("priorAuthorizationRequired", m => m.PriorAuthorizationRequired))
        {
            yield return column;
        }

        foreach (var column in Counted("toldCoveredBeforehand", m => m.ToldCoveredBeforehand))
        {
            yield return column;
        }

        (string Name, Func<Rates, Rate> Of)[] rates =
        [
            ("covered_in_full", r => r.CoveredInFull),
            ("any_coverage", r => r.AnyCoverage),
            ("denied", r => r.Denied),
            ("prior_authorization_required", r => r.PriorAuthorizationRequired),
            ("told_covered_but_denied", r => r.ToldCoveredButDenied),
        ];
        foreach (var (name, of) in rates)
        {
            yield return Count($"{name}_count", m => of(m.Rates).Count);
            yield return Count($"{name}_of", m => of(m.Rates).Of);
            yield return new Column($"{name}_rate", (csv, m) => csv.WriteField(of(m.Rates).Value, RateFormat));
        }

        yield return Count("out_of_pocket_reports", m => m.OutOfPocket.Reports);
        yield return new Column("out_of_pocket_median_usd", (csv, m) => csv.WriteField(m.OutOfPocket.MedianUsd, UsdFormat));
        yield return new Column("out_of_pocket_mean_usd", (csv, m) => csv.WriteField(m.OutOfPocket.MeanUsd, UsdFormat));

        foreach (var column in Counted("denialReason", m => m.DenialReasons))
        {
            yield return column;
        }

        foreach (var column in Counted("advocacyActions", m => m.AdvocacyActions))
        {
            yield return column;
        }

        // Any other counted question (one a questionnaire adds) last, in the questionnaire's order, from its counters.
        foreach (var question in questionnaire.Counted.Where(q => !Questionnaire.Default.Contains(q.Key)))
        {
            foreach (var option in question.Options)
            {
                yield return Count(ColumnName(question, option), m => m.Counters.GetValueOrDefault(question.Counter(option)));
            }
        }
    }

    /// <summary>A counted question's columns, <c>{prefix}_{option}</c>, named and listed by the questionnaire.</summary>
    private static IEnumerable<Column> Counted(string key, Func<Measures, IReadOnlyDictionary<string, long>> counts)
    {
        var question = Questionnaire.Default[key];
        return question.Options.Select(option => Count(ColumnName(question, option), m => counts(m)[option]));
    }

    private static string ColumnName(Question question, string option) => $"{question.CountedAs}_{Snake(option)}";

    private static Column Count(string name, Func<Measures, long> count) => new(name, (csv, m) => csv.WriteField(count(m)));

    private static string Snake(string value) => value.Replace('-', '_');

    private sealed record Column(string Name, Action<CsvWriter, Measures> Write);
}
