using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Survey.Shared.Forms;

namespace Survey.Shared.Letters;

/// <summary>One routing rule of routing.json: for a <see cref="Kind"/> of letter, the first rule whose plan types and fundings match wins.</summary>
internal sealed record LetterRule(
    string Kind,
    string? Recipient,
    IReadOnlyList<string>? PlanTypes = null,
    IReadOnlyList<string>? ExceptPlanTypes = null,
    IReadOnlyList<string>? Fundings = null)
{
    /// <summary>An unanswered plan type or funding counts as "unknown".</summary>
    public bool Matches(string? planType, string? funding)
        => (PlanTypes is null || PlanTypes.Contains(planType ?? "unknown"))
           && (ExceptPlanTypes is null || !ExceptPlanTypes.Contains(planType ?? "unknown"))
           && (Fundings is null || Fundings.Contains(funding ?? "unknown"));
}

/// <summary>Where a letter goes: a proper name (else the translated generic one), address lines and a web page, with its source's id.</summary>
internal sealed record LetterAddress(string? Name = null, IReadOnlyList<string>? Lines = null, string? Web = null, string? Source = null);

/// <summary>routing.json as read.</summary>
internal sealed record LetterRouting(
    string Reviewed,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<LetterRule> Rules,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, LetterAddress>> Recipients,
    IReadOnlyDictionary<string, string> Sources);

/// <summary>
/// The committee's data for letters, embedded in the assembly: the routing table (Letters/routing.json, with its
/// sources) and the letter texts per language (Letters/letters.{en,es,pt}.json, the same keys in each).
/// </summary>
internal static class LetterData
{
    public static LetterRouting Routing { get; } = Read("routing.json", LetterJsonContext.Default.LetterRouting);

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> Texts = FormLanguages.All
        .ToFrozenDictionary(l => l, l => Read($"letters.{l}.json", LetterJsonContext.Default.DictionaryStringString).ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The letter texts of <paramref name="language"/> (English for an unsupported one).</summary>
    public static IReadOnlyDictionary<string, string> For(string language)
        => Texts.TryGetValue(language, out var texts) ? texts : Texts[FormLanguages.Default];

    /// <summary>Every language's texts, for the test that each has the same keys.</summary>
    public static IReadOnlyDictionary<string, FrozenDictionary<string, string>> All => Texts;

    /// <summary>The address of <paramref name="recipient"/> in <paramref name="state"/>, else its generic one.</summary>
    public static LetterAddress Address(string recipient, string state)
        => Routing.Recipients.TryGetValue(recipient, out var byState)
            ? byState.TryGetValue(state, out var address) ? address : byState.TryGetValue("default", out var fallback) ? fallback : new LetterAddress()
            : new LetterAddress();

    private static T Read<T>(string name, JsonTypeInfo<T> type)
    {
        using var stream = typeof(LetterData).Assembly.GetManifestResourceStream("Survey.Shared.Letters." + name)
                           ?? throw new InvalidOperationException($"The embedded letters file {name} is missing.");
        return JsonSerializer.Deserialize(stream, type) ?? throw new InvalidOperationException($"The letters file {name} is empty.");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(LetterRouting))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LetterJsonContext : JsonSerializerContext;
