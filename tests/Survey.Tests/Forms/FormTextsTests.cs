using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Tests.Forms;

/// <summary>The form's words in English, Spanish and Portuguese, and the validator's messages in them.</summary>
public sealed class FormTextsTests
{
    [Fact]
    public void Every_text_key_is_present_in_all_three_languages_and_none_is_empty()
    {
        var english = FormTexts.For("en").Keys.Order(StringComparer.Ordinal).ToList();

        foreach (var language in FormLanguages.All)
        {
            var texts = FormTexts.For(language);
            Assert.Equal(english, texts.Keys.Order(StringComparer.Ordinal));
            Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{language} {t.Key} is empty"));
        }
    }

    [Fact]
    public void Every_choice_of_the_schema_has_a_label_in_every_language()
    {
        var choices = new (string Field, IEnumerable<string> Values)[]
        {
            ("reporterRole", ReportSchema.ReporterRoles), ("setting", ReportSchema.Settings), ("outcome", ReportSchema.Outcomes),
            ("planType", ReportSchema.PlanTypes), ("funding", ReportSchema.Fundings), ("providerCredential", ReportSchema.ProviderCredentials),
            ("networkStatus", ReportSchema.NetworkStatuses), ("priorAuthorizationRequired", ReportSchema.YesNoUnknown),
            ("toldCoveredBeforehand", ReportSchema.YesNoUnknown), ("denialReason", ReportSchema.DenialReasons),
            ("advocacyActions", ReportSchema.AdvocacyActions), ("state", ReportSchema.StateCodes),
        };

        foreach (var language in FormLanguages.All)
        {
            foreach (var (field, values) in choices)
            {
                Assert.All(values, v => Assert.True(FormTexts.For(language).ContainsKey(field + "." + v), $"{language}: {field}.{v}"));
            }

            foreach (var field in ReportSchema.FieldNames.Except(["submissionId", "language"]))
            {
                Assert.True(FormTexts.For(language).ContainsKey(field + ".label"), $"{language}: {field}.label");
            }
        }
    }

    [Fact]
    public void Spanish_and_Portuguese_are_not_left_in_English()
    {
        var english = FormTexts.For("en");
        foreach (var language in new[] { "es", "pt" })
        {
            var same = FormTexts.For(language)
                .Where(t => t.Value == english[t.Key] && !t.Key.StartsWith("state.", StringComparison.Ordinal) && !t.Key.StartsWith("planType.", StringComparison.Ordinal))
                .Select(t => t.Key)
                .ToList();
            // "Error:" and "No" are the same word in Spanish.
            Assert.True(same.All(k => k is "error.prefix" || k.EndsWith(".no", StringComparison.Ordinal)), $"{language} has English texts: {string.Join(", ", same)}");
        }
    }

    [Fact]
    public void Every_question_the_form_shows_has_its_label_and_a_text_for_each_choice_in_every_language()
    {
        var shown = Questionnaire.Default.Where(q => q.OnForm).ToList();

        Assert.Equal(20, shown.Count);
        foreach (var language in FormLanguages.All)
        {
            var texts = FormTexts.For(language);
            foreach (var question in shown)
            {
                Assert.True(texts.ContainsKey(question.Key + ".label"), $"{language} has no {question.Key}.label");
                Assert.All(question.Options, o => Assert.True(texts.ContainsKey($"{question.Key}.{o}"), $"{language} has no {question.Key}.{o}"));
            }
        }
    }

    [Fact]
    public void Every_message_the_validator_gives_a_form_field_has_its_own_translated_kind()
    {
        var validator = new ReportValidator(new FakeTimeProvider(new DateTimeOffset(2025, 9, 15, 0, 0, 0, TimeSpan.Zero)));
        var bodies = new[]
        {
            new JsonObject(),
            new JsonObject
            {
                ["reporterRole"] = "parent", ["state"] = "XX", ["insurer"] = new string('a', 121), ["serviceMonth"] = "June", ["setting"] = "car",
                ["outcome"] = "covered-in-full", ["denialReason"] = "other", ["outOfPocketUsd"] = "ten", ["advocacyActions"] = new JsonArray("shouted"),
                ["consentToQuote"] = "maybe", ["contactEmail"] = "nobody", ["narrative"] = "bell\u0007", ["planType"] = "gold",
            },
            new JsonObject { ["serviceMonth"] = "2009-12", ["outOfPocketUsd"] = 1.234, ["advocacyActions"] = "legislator" },
            new JsonObject { ["serviceMonth"] = "2030-01", ["outOfPocketUsd"] = -1 },
        };

        var messages = bodies.SelectMany(b =>
        {
            using var json = JsonDocument.Parse(b.ToJsonString());
            return validator.Validate(json.RootElement).Errors.SelectMany(e => e.Value);
        }).Distinct().ToList();

        Assert.True(messages.Count >= 15);
        Assert.All(messages, m => Assert.NotEqual(FormErrors.Fallback, FormErrors.Kind(m)));
        foreach (var language in FormLanguages.All)
        {
            Assert.All(messages, m => Assert.DoesNotContain("{", FormErrors.Translate(language, "narrative", m), StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("en", "Please shorten this to at most 120 characters.")]
    [InlineData("es", "Acorte esta respuesta a 120 caracteres como máximo, por favor.")]
    [InlineData("pt", "Por favor, encurte esta resposta para no máximo 120 caracteres.")]
    public void A_length_limit_keeps_its_number_in_translation(string language, string expected)
    {
        Assert.Equal(expected, FormErrors.Translate(language, "insurer", "Must be at most 120 characters."));
    }

    [Theory]
    [InlineData("insurer", "Por favor, escreva o nome da operadora do plano de saúde.")]
    [InlineData("plan", "Por favor, responda esta pergunta.")]
    public void A_required_field_has_its_own_message_and_others_a_general_one(string field, string expected)
    {
        Assert.Equal(expected, FormErrors.Translate("pt", field, "Required."));
    }

    [Fact]
    public void A_message_the_form_does_not_know_reads_please_check_this_answer()
    {
        Assert.Equal("Revise esta respuesta, por favor.", FormErrors.Translate("es", "favouriteColour", "Unknown field."));
    }
}
