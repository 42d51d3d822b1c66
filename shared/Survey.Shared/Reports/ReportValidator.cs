using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Survey.Shared.Reports;

/// <summary>
/// Validates and normalises a submission body against the questionnaire (report schema v1 unless told otherwise):
/// each question is read by the rule of its kind, in the questionnaire's order. It reports every bad field at once
/// and never throws for any <see cref="JsonElement"/>.
/// </summary>
public sealed class ReportValidator
{
    private readonly TimeProvider _timeProvider;
    private readonly Questionnaire _questionnaire;
    private readonly FrozenSet<string> _known;
    private readonly FrozenDictionary<string, ChoiceValues> _choices;

    /// <summary>A validator of report schema v1.</summary>
    public ReportValidator(TimeProvider timeProvider)
        : this(timeProvider, Questionnaire.Default)
    {
    }

    /// <summary>A validator of <paramref name="questionnaire"/>'s questions.</summary>
    public ReportValidator(TimeProvider timeProvider, Questionnaire questionnaire)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _questionnaire = questionnaire ?? throw new ArgumentNullException(nameof(questionnaire));
        _known = questionnaire.Keys.ToFrozenSet(StringComparer.Ordinal);
        _choices = questionnaire.Where(q => !q.Options.IsEmpty)
            .ToFrozenDictionary(q => q.Key, q => new ChoiceValues(q.Options), StringComparer.Ordinal);
    }

    /// <summary>Validates <paramref name="body"/>, which should be a JSON object of the questionnaire's fields.</summary>
    public ReportValidationResult Validate(JsonElement body)
    {
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(FieldErrors.BodyKey, "Must be a JSON object.");
            return new ReportValidationResult(null, errors.ToReadOnly());
        }

        var fields = new JsonFields(body, _known, errors);
        var answers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var question in _questionnaire)
        {
            answers[question.Key] = Answer(fields, question, answers);
        }

        if (errors.Count > 0)
        {
            return new ReportValidationResult(null, errors.ToReadOnly());
        }

        return new ReportValidationResult(
            new ValidatedSubmission((Guid?)answers["submissionId"], ToReport(answers) with { CountedAnswers = ReportAnswers.CountedBeyondFields(_questionnaire, answers) }, (string?)answers["contactEmail"]),
            ReadOnlyDictionary<string, string[]>.Empty)
        {
            Answers = new ReadOnlyDictionary<string, object?>(answers),
        };
    }

    /// <summary>
    /// Validates a report as queued or stored: its fields, and its <see cref="Report.CountedAnswers"/> as the answers
    /// of this questionnaire's counted questions (a key that is not one is "Not a counted question."). So a hand-made or stale
    /// message cannot put a counter into the aggregates that the questionnaire does not define.
    /// </summary>
    public ReportValidationResult ValidateQueued(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = JsonSerializer.SerializeToNode(report with { CountedAnswers = null }, SurveyJsonContext.Default.Report)!.AsObject();
        foreach (var (key, options) in report.CountedAnswers ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (!_questionnaire.Contains(key) || !_questionnaire[key].Counted || body.ContainsKey(key))
            {
                return new ReportValidationResult(null, new Dictionary<string, string[]> { [key] = ["Not a counted question."] });
            }

            body[key] = _questionnaire[key].Kind == QuestionKind.Choice && options.Count == 1
                ? options[0]
                : new JsonArray([.. options.Select(o => (JsonNode?)o)]);
        }

        using var document = JsonDocument.Parse(body.ToJsonString());
        return Validate(document.RootElement);
    }

    private object? Answer(JsonFields fields, Question question, Dictionary<string, object?> earlier)
    {
        var name = question.Key;
        switch (question.Kind)
        {
            case QuestionKind.Id:
                return AnswerRules.SubmissionId(fields, name);
            case QuestionKind.Choice:
                var read = fields.Choice(name, _choices[name], question.Required);

                // Judge the combination only when the other answer itself is valid; a bad one is already reported.
                if (question.OnlyWhen is { } condition && read.Status != ReadStatus.Absent
                    && earlier.GetValueOrDefault(condition.Key) is string other && !condition.Values.Contains(other))
                {
                    fields.Error(name, condition.Message);
                    return null;
                }

                return read.Value;
            case QuestionKind.Choices:
                return AnswerRules.Choices(fields, question, _choices[name]);
            case QuestionKind.Text:
            case QuestionKind.LongText:
                return fields.Text(name, question.MaxLength, question.Required, allowLineBreaks: question.Kind == QuestionKind.LongText).Value;
            case QuestionKind.Month:
                return AnswerRules.Month(fields, name, question.Required, _timeProvider);
            case QuestionKind.Amount:
                return AnswerRules.Amount(fields, name, question.MaxAmount);
            case QuestionKind.YesNo:
                return AnswerRules.YesNo(fields, name);
            case QuestionKind.Email:
                return AnswerRules.Email(fields, name, question.MaxLength);
            default:
                throw new InvalidOperationException($"Question '{name}' has an unknown kind {question.Kind}.");
        }
    }

    private static Report ToReport(Dictionary<string, object?> answers) => new()
    {
        ReporterRole = (string)answers["reporterRole"]!,
        State = (string)answers["state"]!,
        Insurer = (string)answers["insurer"]!,
        ServiceMonth = (string)answers["serviceMonth"]!,
        Setting = (string)answers["setting"]!,
        Outcome = (string)answers["outcome"]!,
        Plan = (string?)answers["plan"],
        PlanType = (string?)answers["planType"],
        Funding = (string?)answers["funding"],
        Employer = (string?)answers["employer"],
        ProviderCredential = (string?)answers["providerCredential"],
        NetworkStatus = (string?)answers["networkStatus"],
        PriorAuthorizationRequired = (string?)answers["priorAuthorizationRequired"],
        ToldCoveredBeforehand = (string?)answers["toldCoveredBeforehand"],
        DenialReason = (string?)answers["denialReason"],
        OutOfPocketUsd = (decimal?)answers["outOfPocketUsd"],
        AdvocacyActions = (string[])answers["advocacyActions"]!,
        Narrative = (string?)answers["narrative"],
        ConsentToQuote = (bool?)answers["consentToQuote"],
        Language = (string?)answers["language"],
    };
}
