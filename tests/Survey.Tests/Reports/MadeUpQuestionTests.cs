using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Tests.Reports;

/// <summary>
/// A made-up question, declared in one place with its words in three languages, reaches the validator, the form,
/// the form's post and the OpenAPI schemas, with no other change. It exists only in this test.
/// </summary>
public sealed class MadeUpQuestionTests
{
    private static readonly Question VisitCount = new("visitCount", QuestionKind.Choice)
    {
        Options = ["one", "two-or-three", "four-or-more"],
        OnlyWhen = new Condition("setting", ["home", "office"]),
        CountedAs = "visits",
        Description = "How many lactation visits the family needed.",
        OptionLabels = ImmutableDictionary<string, string>.Empty.Add("one", "One visit").Add("two-or-three", "2-3 visits").Add("four-or-more", "4+ visits"),
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
