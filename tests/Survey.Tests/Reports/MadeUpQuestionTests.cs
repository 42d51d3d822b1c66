using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Dashboards;
using Survey.Shared.Exports;
using Survey.Shared.Forms;
using Survey.Shared.Html;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

/// <summary>
/// A made-up question, declared in one place with its words in three languages, reaches the validator, the form,
/// the form's post and the OpenAPI schemas, and, being counted, the aggregates (through the queue, against Azurite),
/// the CSV and the dashboard, with no other change. It exists only in this test.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class MadeUpQuestionTests(StorageFixture fixture)
{
    private static readonly Question VisitCount = new("visitCount", QuestionKind.Choice)
    {
        Options = ["one", "two-or-three", "four-or-more"],
        OnlyWhen = new Condition("setting", ["home", "office"]),
        CountedAs = "visits",
        Description = "How many lactation visits the family needed.",
        OptionLabels = ImmutableDictionary<string, string>.Empty.Add("one", "One visit").Add("two-or-three", "2-3 visits").Add("four-or-more", "4 or more visits"),
        Texts = ImmutableDictionary<string, ImmutableDictionary<string, string>>.Empty
            .Add("en", Words("How many visits did you need?", "One", "Two or three", "Four or more"))
            .Add("es", Words("¿Cuántas visitas necesitó?", "Una", "Dos o tres", "Cuatro o más"))
            .Add("pt", Words("De quantas consultas você precisou?", "Uma", "Duas ou três", "Quatro ou mais")),
    };

    private static readonly Questionnaire WithVisitCount = Questionnaire.Default.With(VisitCount);

    [Fact]
    public void A_made_up_question_is_validated_by_its_options_and_condition_and_unknown_to_the_default_questionnaire()
    {
        var validator = new ReportValidator(Clock(), WithVisitCount);

        var accepted = validator.Validate(Body(("visitCount", " TWO-or-three ")));
        var badOption = validator.Validate(Body(("visitCount", "seven")));
        var wrongSetting = validator.Validate(Body(("visitCount", "one"), ("setting", "telehealth")));
        var byDefault = new ReportValidator(Clock()).Validate(Body(("visitCount", "one")));

        Assert.True(accepted.IsValid);
        Assert.Equal("two-or-three", accepted.Answers["visitCount"]);
        Assert.Equal(["Must be one of: one, two-or-three, four-or-more."], badOption.Errors["visitCount"]);
        Assert.Equal(["Only allowed when setting is home or office."], wrongSetting.Errors["visitCount"]);
        Assert.Equal(["Unknown field."], byDefault.Errors["visitCount"]);
    }

    [Theory]
    [InlineData("en", "How many visits did you need?", "Two or three")]
    [InlineData("es", "¿Cuántas visitas necesitó?", "Dos o tres")]
    [InlineData("pt", "De quantas consultas você precisou?", "Duas ou três")]
    public void A_made_up_question_is_on_the_form_in_each_language_with_its_options_and_errors(string language, string label, string option)
    {
        var errors = new Dictionary<string, string[]> { ["visitCount"] = ["Must be one of: one, two-or-three, four-or-more."] };

        var html = FormPage.Render(language, FormValues.Empty, errors, questionnaire: WithVisitCount);
        var withoutIt = FormPage.Render(language, FormValues.Empty);

        Assert.Contains("<select id=\"f-visitCount\" name=\"visitCount\"", html, StringComparison.Ordinal);
        Assert.Contains(label, html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"two-or-three\">" + option + "</option>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#f-visitCount\">", html, StringComparison.Ordinal);
        Assert.Contains("\"visitCount\"", html[html.IndexOf("id=\"form-data\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain("visitCount", withoutIt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_made_up_question_posted_from_the_form_reaches_the_validator()
    {
        var values = new FormValues([new("visitCount", "four-or-more"), new("reporterRole", "family")]);

        using var json = JsonDocument.Parse(FormSubmission.ToJson(values, WithVisitCount));
        using var byDefault = JsonDocument.Parse(FormSubmission.ToJson(values));

        Assert.Equal("four-or-more", json.RootElement.GetProperty("visitCount").GetString());
        Assert.False(byDefault.RootElement.TryGetProperty("visitCount", out _));
    }

    [Fact]
    public void A_made_up_question_is_in_the_OpenAPI_schemas_of_a_report_with_its_options_and_condition()
    {
        var submission = ReportJsonSchema.Submission(WithVisitCount);
        var form = ReportJsonSchema.Form(WithVisitCount);

        var property = submission["properties"]!["visitCount"]!;
        Assert.Equal("""["one","two-or-three","four-or-more",null]""", property["enum"]!.ToJsonString());
        Assert.StartsWith("How many lactation visits the family needed.", (string)property["description"]!, StringComparison.Ordinal);
        Assert.Equal(2, submission["allOf"]!.AsArray().Count);
        Assert.Contains(submission["allOf"]!.AsArray(), c => c!["then"]!["properties"]!["setting"]?["enum"]?.ToJsonString() == """["home","office"]""");
        Assert.NotNull(form["properties"]!["visitCount"]);
        Assert.Null(ReportJsonSchema.Submission(Questionnaire.Default)["properties"]!["visitCount"]);
    }

    [Fact]
    public async Task A_made_up_counted_question_is_counted_per_option_through_the_queue_and_recounted_from_the_stored_reports()
    {
        var insurer = SampleReports.UniqueInsurer("Made-up count");
        var validator = new ReportValidator(Clock(), WithVisitCount);
        Report[] reports =
        [
            validator.Validate(Body(("insurer", insurer), ("visitCount", "two-or-three"))).Submission!.Report,
            validator.Validate(Body(("insurer", insurer), ("visitCount", "two-or-three"), ("setting", "office"))).Submission!.Report,
            validator.Validate(Body(("insurer", insurer), ("visitCount", "one"))).Submission!.Report,
            validator.Validate(Body(("insurer", insurer), ("setting", "telehealth"))).Submission!.Report,
        ];
        var aggregator = new ReportAggregator(
            new ReportValidator(TimeProvider.System, WithVisitCount), fixture.Services.GetRequiredService<PlanCatalogue>(), fixture.Services.GetRequiredService<PlanStore>(),
            fixture.Services.GetRequiredService<ReportIndex>(), fixture.Services.GetRequiredService<Survey.Shared.Contacts.ContactStore>(),
            fixture.Services.GetRequiredService<ReportQueue>(), fixture.Services.GetRequiredService<ILogger<ReportAggregator>>());

        foreach (var report in reports)
        {
            Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(Envelopes.Message(report), default));
        }

        var planKey = PlanKeys.Unverified(insurer, null);
        var total = (await fixture.Services.GetRequiredService<PlanStore>().ReadTotalAsync(planKey, default))!.Counts;
        Assert.Equal(2, total["visitCount:two-or-three"]);
        Assert.Equal(1, total["visitCount:one"]);
        Assert.False(total.ContainsKey("visitCount:four-or-more"));
        Assert.Equal(4, total[ReportCounters.Reports]);
        await PlanAssertions.HoldsExactlyAsync(fixture.Services, planKey, reports);
        Assert.Equal(["Not a counted question."], new ReportValidator(Clock()).ValidateQueued(reports[0]).Errors["visitCount"]);
    }

    [Fact]
    public void A_made_up_counted_question_adds_a_counter_per_option_to_the_schema_and_keeps_aggregate_rows_bounded()
    {
        var schema = ReportCounters.SchemaOf(WithVisitCount);
        var every = ReportCounters.All(WithVisitCount).ToDictionary(counter => counter, _ => long.MaxValue, StringComparer.Ordinal);

        Assert.Equal(["visitCount:one", "visitCount:two-or-three", "visitCount:four-or-more"], schema.Except(ReportCounters.Schema));
        Assert.Empty(ReportCounters.Schema.Except(schema));
        Assert.True(PlanRowFormat.Serialize(every).Length <= ReportCounters.MaxCountsLength);
    }

    [Fact]
    public void A_made_up_counted_question_has_a_CSV_column_per_option_with_its_counts()
    {
        var stats = new PlanStats(CountedMeasures()) { PlanKey = "acme-ppo", Insurer = "Acme", Plan = "PPO", Verified = true };
        using var extended = new MemoryStream();
        using var byDefault = new MemoryStream();

        StatsCsv.WritePlans(new PlanStatsList([stats]), StatsFilter.None, extended, WithVisitCount);
        StatsCsv.WritePlans(new PlanStatsList([stats]), StatsFilter.None, byDefault);

        var lines = System.Text.Encoding.UTF8.GetString(extended.ToArray()).TrimStart('\uFEFF').Split("\r\n");
        var columns = lines[0].Split(',');
        var values = lines[1].Split(',');
        Assert.Equal(["visits_one", "visits_two_or_three", "visits_four_or_more"], columns[^3..]);
        Assert.Equal(["1", "2", "0"], values[^3..]);
        Assert.Equal(StatsCsv.PlanColumns, columns[..^3]);
        Assert.DoesNotContain("visits_", System.Text.Encoding.UTF8.GetString(byDefault.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_made_up_counted_question_is_on_the_dashboard_with_its_labels_and_counts()
    {
        var plan = new PlanDetailStats(new PlanStats(CountedMeasures()) { PlanKey = "acme-ppo", Insurer = "Acme", Plan = "PPO", Verified = true }, new Dictionary<string, Measures>());
        var dashboard = new Dashboard(StatsFilter.None, [plan], plan.PlanKey, plan, new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero));

        var html = DashboardPage.Render(dashboard, "nonce", null, WithVisitCount);
        var withoutIt = DashboardPage.Render(dashboard, "nonce", null);

        Assert.Contains(">How many visits did you need?</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>One visit</td><td class=\"num\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>2-3 visits</td><td class=\"num\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>4 or more visits</td><td class=\"num\">0</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2-3 visits", withoutIt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queued_report_cannot_count_answers_the_questionnaire_does_not_count()
    {
        var validator = new ReportValidator(Clock(), WithVisitCount);
        var report = validator.Validate(Body(("visitCount", "one"))).Submission!.Report;
        IReadOnlyList<string> seven = ["seven"];

        Assert.True(validator.ValidateQueued(report).IsValid);
        Assert.Equal(["Must be one of: one, two-or-three, four-or-more."], validator.ValidateQueued(report with { CountedAnswers = new Dictionary<string, IReadOnlyList<string>> { ["visitCount"] = seven } }).Errors["visitCount"]);
        Assert.Equal(["Not a counted question."], validator.ValidateQueued(report with { CountedAnswers = new Dictionary<string, IReadOnlyList<string>> { ["insurer"] = seven } }).Errors["insurer"]);
        Assert.Equal(["Not a counted question."], validator.ValidateQueued(report with { CountedAnswers = new Dictionary<string, IReadOnlyList<string>> { ["made-up"] = seven } }).Errors["made-up"]);
    }

    // Three reports answering the made-up question (one, two-or-three twice) and one not, counted as the aggregator does.
    private static Measures CountedMeasures()
    {
        var validator = new ReportValidator(Clock(), WithVisitCount);
        var reports = new[] { "one", "two-or-three", "two-or-three", null }
            .Select(answer => validator.Validate(answer is null ? Body() : Body(("visitCount", answer))).Submission!.Report);
        return MeasuresCalculator.From(ReportCounters.Sum(reports));
    }

    private static ImmutableDictionary<string, string> Words(string label, string one, string twoOrThree, string fourOrMore)
        => ImmutableDictionary<string, string>.Empty
            .Add("visitCount.label", label).Add("visitCount.one", one).Add("visitCount.two-or-three", twoOrThree).Add("visitCount.four-or-more", fourOrMore);

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 9, 15, 0, 0, 0, TimeSpan.Zero));

    private static JsonElement Body(params (string Name, string Value)[] overrides)
    {
        var body = new JsonObject
        {
            ["reporterRole"] = "family", ["state"] = "MA", ["insurer"] = "Aetna", ["serviceMonth"] = "2025-06", ["setting"] = "home", ["outcome"] = "denied",
        };
        foreach (var (name, value) in overrides)
        {
            body[name] = value;
        }

        return JsonSerializer.SerializeToElement(body);
    }
}
