using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Survey.Shared.Stats;

/// <summary>
/// A count in the public statistics: a number, or suppressed. In JSON it is the number, or <c>null</c> when
/// suppressed (an empty cell in a spreadsheet); each plan's <see cref="PublicPlanStats.Suppressed"/> names its
/// suppressed cells, so a <c>null</c> is never ambiguous.
/// </summary>
[JsonConverter(typeof(PublicCountJsonConverter))]
public readonly record struct PublicCount
{
    private PublicCount(long? value) => Value = value;

    /// <summary>A suppressed count. It is also the default, so a count nobody set is never published by mistake.</summary>
    public static PublicCount Suppressed => default;

    /// <summary>The published number, or null when suppressed.</summary>
    public long? Value { get; }

    public bool IsSuppressed => Value is null;

    public static PublicCount Of(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new PublicCount(value);
    }

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? "suppressed";
}

/// <summary>One setting's public counts: its reports and their outcomes.</summary>
public sealed record PublicSettingStats(PublicCount Reports, IReadOnlyDictionary<string, PublicCount> Outcomes);

/// <summary>
/// One catalogue plan's public counts: the shape of <c>GET /api/stats/plans</c>, counts only. Names are the
/// catalogue's; <see cref="Suppressed"/> lists the paths of the suppressed counts
/// (<c>reports</c>, <c>bySetting.home.reports</c>, <c>bySetting.home.outcomes.denied</c>, <c>byRole.family</c>,
/// <c>priorAuthorizationRequired.yes</c>), in the order the counts appear.
/// </summary>
public sealed record PublicPlanStats(
    string PlanKey,
    string Insurer,
    string? Plan,
    PublicCount Reports,
    IReadOnlyDictionary<string, PublicSettingStats> BySetting,
    IReadOnlyDictionary<string, PublicCount> ByRole,
    IReadOnlyDictionary<string, PublicCount> PriorAuthorizationRequired,
    IReadOnlyList<string> Suppressed);

/// <summary>
/// The answer of <c>GET /api/public/stats</c>: when the snapshot was taken (<see cref="AsOf"/>; null, with no
/// plans, before the first snapshot), the threshold in force and the catalogue plans.
/// </summary>
public sealed record PublicStatsAnswer(int SuppressBelowOrEqual, IReadOnlyList<PublicPlanStats> Plans)
{
    [JsonPropertyOrder(-1)]
    public DateTimeOffset? AsOf { get; init; }
}

/// <summary>Writes a <see cref="PublicCount"/> as its number, or <c>null</c> when suppressed.</summary>
internal sealed class PublicCountJsonConverter : JsonConverter<PublicCount>
{
    public override PublicCount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? PublicCount.Suppressed : PublicCount.Of(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, PublicCount value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
