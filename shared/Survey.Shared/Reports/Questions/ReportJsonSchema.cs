using System.Text.Json.Nodes;

namespace Survey.Shared.Reports;

/// <summary>
/// The OpenAPI 3.1 (JSON Schema) descriptions of a report, derived from the questionnaire: <c>ReportSubmission</c>,
/// the JSON body of <c>POST /api/reports</c>, and <c>ReportForm</c>, the same report as the form posts it.
/// functions/Survey.Functions/openapi.json holds them; a test proves they are equal, and rewrites them when asked.
/// </summary>
public static class ReportJsonSchema
{
    private const string NoControls = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
    private const string NoControlsButLineBreaks = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
    private const string MonthPattern = "^(20[1-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})-(0[1-9]|1[0-2])$";
    private const string UuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /// <summary>The schema of a report submitted as JSON.</summary>
    public static JsonObject Submission(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var properties = new JsonObject();
        foreach (var question in questionnaire)
        {
            properties[question.Key] = Property(question);
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["title"] = "Report schema v1",
            ["description"] = "One report of what a health insurer did with a claim for lactation care. JSON, camelCase field names. Text is trimmed first, and the limits apply to the trimmed text; a null value or a blank string counts as not given (so a required field sent as null or blank is `Required.`). Control characters are rejected (the narrative may contain line breaks and tabs). Enumerated values are matched case-insensitively and stored in the canonical spelling listed here. Unknown fields are rejected by name (`Unknown field.`), a field sent twice is rejected (`Must appear only once.`), and every bad field is named at once in the `errors` of a `400` problem.",
            ["properties"] = properties,
            ["required"] = Strings(questionnaire.Where(q => q.Required).Select(q => q.Key)),
            ["additionalProperties"] = false,
        };

        var conditions = questionnaire.Where(q => q.OnlyWhen is not null).Select(Conditional).ToList();
        if (conditions.Count == 1)
        {
            foreach (var (name, value) in conditions[0].ToList())
            {
                conditions[0].Remove(name);
                schema[name] = value;
            }
        }
        else if (conditions.Count > 1)
        {
            schema["allOf"] = new JsonArray([.. conditions]);
        }

        return schema;
    }

    /// <summary>The schema of the report as the form posts it (<c>application/x-www-form-urlencoded</c>).</summary>
    public static JsonObject Form(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var properties = new JsonObject();
        foreach (var question in questionnaire)
        {
            properties[question.Key] = question.Kind switch
            {
                QuestionKind.Amount => new JsonObject
                {
                    ["type"] = "string",
                    ["maxLength"] = 100,
                    ["description"] = "The amount as typed: `150`, `$1,200`, `85,50` and `1.200,50` are read as numbers; anything else is refused as not a number.",
                },
                QuestionKind.Choices => new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "string", ["enum"] = Strings(question.Options) },
                    ["description"] = "One field per ticked box.",
                },
                QuestionKind.YesNo => new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = Strings(["true", "on", "yes", "false", "off", "no"]),
                    ["description"] = "The ticked box sends `true`; an unticked one sends nothing.",
                },
                _ => new JsonObject { ["type"] = "string", ["description"] = "As in schema v1; blank means not answered." },
            };
        }

        properties["website"] = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "The honeypot: hidden from people. A post that fills it is answered with the thank-you page, and nothing is enqueued.",
        };
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The report form's fields (`application/x-www-form-urlencoded`, UTF-8), mapped to a schema v1 report and judged by the same validator. Blank fields are not answered; a field other than `advocacyActions` sent twice is an error; fields outside the schema are ignored.",
            ["properties"] = properties,
        };
    }

    private static JsonObject Property(Question question)
    {
        var required = question.Required;
        var property = question.Kind switch
        {
            QuestionKind.Id => new JsonObject { ["type"] = Type("string", required), ["format"] = "uuid", ["pattern"] = UuidPattern },
            QuestionKind.Choice when question.SchemaRef is { } name => new JsonObject
            {
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + name }),
            },
            QuestionKind.Choice => new JsonObject
            {
                ["type"] = Type("string", required),
                ["enum"] = required ? Strings(question.Options) : new JsonArray([.. question.Options.Select(o => (JsonNode?)o), null]),
            },
            QuestionKind.Choices => new JsonObject
            {
                ["type"] = Type("array", required),
                ["items"] = new JsonObject { ["type"] = "string", ["enum"] = Strings(question.Options) },
            },
            QuestionKind.Text => Text(question, NoControls),
            QuestionKind.LongText => Text(question, NoControlsButLineBreaks),
            QuestionKind.Month => new JsonObject { ["type"] = Type("string", required), ["pattern"] = MonthPattern },
            QuestionKind.Amount => new JsonObject
            {
                ["type"] = Type("number", required),
                ["minimum"] = 0,
                ["maximum"] = question.MaxAmount,
                ["multipleOf"] = 0.01m,
            },
            QuestionKind.YesNo => new JsonObject { ["type"] = Type("boolean", required) },
            QuestionKind.Email => new JsonObject { ["type"] = Type("string", required), ["format"] = "email", ["maxLength"] = question.MaxLength },
            _ => throw new InvalidOperationException($"Question '{question.Key}' has an unknown kind {question.Kind}."),
        };

        // Every plain choice says how it is matched; a shared schema says it once.
        var matched = question.Kind != QuestionKind.Choice || question.SchemaRef is not null ? string.Empty
            : required ? " Matched case-insensitively after trimming."
            : " Matched case-insensitively after trimming and stored in the spelling listed here; null or a blank string means not given.";
        property["description"] = question.Description + matched;
        return property;
    }

    private static JsonObject Text(Question question, string pattern)
    {
        var text = new JsonObject { ["type"] = Type("string", question.Required) };
        if (question.Required)
        {
            text["minLength"] = 1;
        }

        text["maxLength"] = question.MaxLength;
        text["pattern"] = pattern;
        return text;
    }

    private static JsonObject Conditional(Question question)
    {
        var condition = question.OnlyWhen!;
        return new JsonObject
        {
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject { [question.Key] = new JsonObject { ["type"] = "string", ["pattern"] = "\\S" } },
                ["required"] = Strings([question.Key]),
            },
            ["then"] = new JsonObject
            {
                ["properties"] = new JsonObject { [condition.Key] = new JsonObject { ["enum"] = Strings(condition.Values) } },
            },
        };
    }

    private static JsonNode Type(string type, bool required) => required ? JsonValue.Create(type) : Strings([type, "null"]);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
