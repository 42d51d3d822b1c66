using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Reports;

namespace Survey.Tests.Reports;

/// <summary>
/// Properties of the validator (FsCheck): it is total (never throws, whatever JSON it gets, whatever string is in
/// whatever field) and accepts every report generated from the schema.
/// </summary>
public sealed class ReportValidatorPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReportValidator Validator = new(new FakeTimeProvider(Now));

    [Property(MaxTest = 500)]
    public Property The_validator_never_throws_for_any_json_value()
        => Prop.ForAll(Arb.From(JsonGen.Value()), value => Answers(value?.ToJsonString() ?? "null"));

    [Property(MaxTest = 300)]
    public Property The_validator_never_throws_for_any_string_in_any_field()
        => Prop.ForAll(
            Arb.From(Gen.Elements(ReportSchema.FieldNames.Append("unknownField").ToArray())),
            Arb.From(JsonGen.AnyString()),
            (field, text) =>
            {
                var report = JsonGen.ValidReport().Sample(1, 1).Single();
                report[field] = text;
                return Answers(report.ToJsonString());
            });

    [Property(MaxTest = 300)]
    public Property The_validator_never_throws_for_any_json_value_in_any_field()
        => Prop.ForAll(
            Arb.From(Gen.Elements(ReportSchema.FieldNames)),
            Arb.From(JsonGen.Value()),
            (field, value) =>
            {
                var report = JsonGen.ValidReport().Sample(1, 1).Single();
                report[field] = value;
                return Answers(report.ToJsonString());
            });

    [Property(MaxTest = 500)]
    public Property Every_generated_valid_report_is_accepted()
        => Prop.ForAll(Arb.From(JsonGen.ValidReport()), report =>
        {
            using var document = JsonDocument.Parse(report.ToJsonString());
            var result = Validator.Validate(document.RootElement);
            return result.IsValid.Label(report.ToJsonString() + " → " + string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        });

    /// <summary>True when the validator answers (valid, or invalid with at least one error) without throwing.</summary>
    private static bool Answers(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Validator.Validate(document.RootElement);
        return result.IsValid ? result.Submission is not null : result.Errors.Count > 0;
    }
}

/// <summary>Generators of JSON values and of valid reports.</summary>
internal static class JsonGen
{
    private static readonly string[] LineBreaks = ["\n", "\r\n", "\t"];
    private static readonly string[] Letter = ["x"];

    private static readonly string[] Odd =
        ["", " ", "\u0000", "\t", "\r\n", "\u202E", "\u200F", "🍼", "𝔘", "\ud800", "\udc00", "<script>", "=1+1", "/", "\\", "#", "?", "%00", "\uFEFF", "null", "1e309", "NaN"];

    /// <summary>Any string: arbitrary characters (lone surrogates included) mixed with known troublemakers.</summary>
    public static Gen<string> AnyString()
        => Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Gen.Elements(Odd),
            Gen.Elements(Odd).ArrayOf().Select(parts => string.Concat(parts)),
            Gen.Choose(0, 5000).Select(n => new string('x', n)));

    /// <summary>Any JSON value, nested a few levels.</summary>
    public static Gen<JsonNode?> Value() => Gen.Sized(size => Value(Math.Min(size, 4)));

    private static Gen<JsonNode?> Value(int depth)
    {
        var leaves = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
            ArbMap.Default.GeneratorFor<decimal>().Select(d => (JsonNode?)JsonValue.Create(d)),
            Gen.Elements(1e300, -1e300, double.Epsilon, 0.1, 123.456789).Select(d => (JsonNode?)JsonValue.Create(d)),
            AnyString().Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth <= 0)
        {
            return leaves;
        }

        var array = Value(depth - 1).ListOf().Select(items => (JsonNode?)new JsonArray([.. items]));
        var members = Gen.Zip(Gen.OneOf(Gen.Elements(Survey.Shared.Reports.ReportSchema.FieldNames), AnyString()), Value(depth - 1)).ListOf();
        var obj = members.Select(list =>
        {
            var o = new JsonObject();
            foreach (var (name, value) in list)
            {
                o[name] = value;
            }

            return (JsonNode?)o;
        });
        return Gen.OneOf(leaves, leaves, array, obj);
    }

    /// <summary>A report the schema allows: every required field, any choice of the optional ones, valid text.</summary>
    public static Gen<JsonObject> ValidReport()
        => from role in Gen.Elements(ReportSchema.ReporterRoles.ToArray())
           from state in Gen.Elements(ReportSchema.StateCodes.ToArray())
           from insurer in Name()
           from year in Gen.Choose(2010, 2026)
           from month in Gen.Choose(1, year == 2026 ? 11 : 12)
           from setting in Gen.Elements(ReportSchema.Settings.ToArray())
           from outcome in Gen.Elements(ReportSchema.Outcomes.ToArray())
           from plan in Optional(Name())
           from planType in Optional(Gen.Elements(ReportSchema.PlanTypes.ToArray()))
           from funding in Optional(Gen.Elements(ReportSchema.Fundings.ToArray()))
           from credential in Optional(Gen.Elements(ReportSchema.ProviderCredentials.ToArray()))
           from network in Optional(Gen.Elements(ReportSchema.NetworkStatuses.ToArray()))
           from denial in Optional(Gen.Elements(ReportSchema.DenialReasons.ToArray()))
           from cents in Optional(Gen.Choose(0, 10_000_000).Select(c => (c / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture)))
           from actions in Gen.SubListOf(ReportSchema.AdvocacyActions.ToArray())
           from narrative in Optional(Text(4000, lineBreaks: true))
           from consent in Optional(ArbMap.Default.GeneratorFor<bool>().Select(b => b ? "true" : "false"))
           from language in Optional(Gen.Elements(ReportSchema.Languages.ToArray()))
           select Report(role, state, insurer, $"{year:D4}-{month:D2}", setting, outcome, plan, planType, funding, credential, network,
               outcome is "denied" or "partially-covered" ? denial : null, cents, actions, narrative, consent, language);

    private static JsonObject Report(string role, string state, string insurer, string month, string setting, string outcome, string? plan, string? planType,
        string? funding, string? credential, string? network, string? denial, string? cents, IEnumerable<string> actions, string? narrative, string? consent, string? language)
    {
        var report = new JsonObject
        {
            ["reporterRole"] = role,
            ["state"] = state,
            ["insurer"] = insurer,
            ["serviceMonth"] = month,
            ["setting"] = setting,
            ["outcome"] = outcome,
        };
        foreach (var (name, value) in new[] { ("plan", plan), ("planType", planType), ("funding", funding), ("providerCredential", credential), ("networkStatus", network), ("denialReason", denial), ("narrative", narrative), ("language", language) })
        {
            if (value is not null)
            {
                report[name] = value;
            }
        }

        if (cents is not null)
        {
            report["outOfPocketUsd"] = JsonNode.Parse(cents);
        }

        if (consent is not null)
        {
            report["consentToQuote"] = consent == "true";
        }

        var list = actions.ToList();
        if (list.Count > 0)
        {
            report["advocacyActions"] = new JsonArray([.. list.Select(a => (JsonNode)a)]);
        }

        return report;
    }

    /// <summary>A name: 1 to 120 characters of letters, digits, punctuation, symbols, emoji; no control characters, no edge spaces.</summary>
    public static Gen<string> Name() => Text(ReportSchema.MaxNameLength, lineBreaks: false);

    private static Gen<string> Text(int max, bool lineBreaks)
    {
        var pieces = Gen.OneOf(
            Gen.Elements("a", "Z", "é", "ß", "ñ", "中", "ع", "0", "9", " ", "/", "\\", "#", "?", "<", ">", "&", "\"", "'", "=", "+", "-", "@", "🍼", "𝔘", "\u202E", "\u200F"),
            Gen.Elements(lineBreaks ? LineBreaks : Letter));
        return pieces.ArrayOf().Select(parts => string.Concat(parts).Trim())
            .Where(s => s.Length > 0 && s.Length <= max);
    }

    private static Gen<string?> Optional(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));
}
