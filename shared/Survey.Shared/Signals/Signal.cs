using System.Text.Json;
using System.Text.Json.Serialization;

namespace Survey.Shared.Signals;

/// <summary>
/// A change in a plan's coverage: from <see cref="Month"/> on, the <see cref="Measure"/> rate of the plan (in
/// <see cref="Setting"/>, or <c>all</c>) differs from before. Counts only: a signal carries no report text, no
/// contact and no secret.
/// </summary>
/// <param name="PlanKey">The plan.</param>
/// <param name="Insurer">The insurer's name (the catalogue's, or as first typed for an unverified plan).</param>
/// <param name="Plan">The plan's name, if any.</param>
/// <param name="Setting">The setting (<c>home</c>, …), or <c>all</c> for plan-wide measures.</param>
/// <param name="Measure"><c>denied</c>, <c>priorAuthorizationRequired</c> or <c>toldCoveredThenDenied</c>.</param>
/// <param name="Direction"><c>up</c> or <c>down</c>: the rate after against before.</param>
/// <param name="Month">The first month of service of the new rate (<c>YYYY-MM</c>).</param>
/// <param name="Before">The rate before, with counts and 95 % Wilson interval.</param>
/// <param name="After">The rate from the month on.</param>
/// <param name="QValue">The adjusted p-value (search and all tests accounted for); smaller is stronger.</param>
/// <param name="Strength"><c>moderate</c>, or <c>strong</c> when the q-value is under a hundredth of the false discovery rate.</param>
/// <param name="Status"><c>active</c>, or <c>withdrawn</c> once the change no longer holds (kept, not dropped).</param>
/// <param name="FirstDetected">When the change was first found.</param>
/// <param name="WithdrawnAt">When it stopped holding, if it did.</param>
/// <param name="Brief">The plan's brief at the change month (a committee page; the link carries no secret).</param>
public sealed record Signal(
    string PlanKey,
    string Insurer,
    string? Plan,
    string Setting,
    string Measure,
    string Direction,
    string Month,
    SignalRate Before,
    SignalRate After,
    double QValue,
    string Strength,
    string Status,
    DateTimeOffset FirstDetected,
    DateTimeOffset? WithdrawnAt,
    string Brief)
{
    public const string Active = "active";
    public const string Withdrawn = "withdrawn";
    public const string Strong = "strong";
    public const string Moderate = "moderate";

    /// <summary>Plan, setting and measure: a signal's identity (its month may move as reports come in).</summary>
    [JsonIgnore]
    public string Key => KeyOf(PlanKey, Setting, Measure);

    [JsonIgnore]
    public bool IsActive => Status == Active;

    public static string KeyOf(string planKey, string setting, string measure) => planKey + "|" + setting + "|" + measure;
}

/// <summary>The answer of <c>GET /api/signals</c>: the signals, active first, strongest first; and when they were last computed.</summary>
public sealed record SignalList(IReadOnlyList<Signal> Signals, DateTimeOffset? ComputedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Signal))]
[JsonSerializable(typeof(List<Signal>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SignalJsonContext : JsonSerializerContext;
