using System.Text.Json.Serialization;

namespace Survey.Shared.Reports;

/// <summary>Source-generated JSON for what the app writes to queues and tables.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ReportEnvelope))]
[JsonSerializable(typeof(WithdrawalEnvelope))]
[JsonSerializable(typeof(Report))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class SurveyJsonContext : JsonSerializerContext;
