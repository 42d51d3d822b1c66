using System.Text.Json;
using Survey.Shared.Reports;

namespace Survey.Tests.Infrastructure;

/// <summary>Queue messages as the intake writes them, for driving the aggregator directly.</summary>
internal static class Envelopes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static Report Report(string insurer, string? plan = null, string setting = "home", string outcome = "covered-in-full", string month = "2025-06", string role = "ibclc", string? priorAuth = null)
        => new()
        {
            ReporterRole = role,
            State = "MA",
            Insurer = insurer,
            Plan = plan,
            ServiceMonth = month,
            Setting = setting,
            Outcome = outcome,
            PriorAuthorizationRequired = priorAuth,
        };

    public static string Message(Report report, string? reportId = null, string? contactEmail = null, string? withdrawalHash = null, DateTimeOffset? receivedAt = null, uint? recordKey = null)
        => JsonSerializer.Serialize(
            new ReportEnvelope
            {
                SchemaVersion = ReportEnvelope.CurrentSchemaVersion,
                ReportId = reportId ?? Guid.NewGuid().ToString("D"),
                ReceivedAt = receivedAt ?? new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero),
                Report = report,
                ContactEmail = contactEmail,
                WithdrawalHash = withdrawalHash,
                RecordKey = recordKey,
            },
            Json);

    /// <summary>A withdrawal key for codes whose tag does not matter (the aggregator sees hashes only).</summary>
    public static byte[] Key { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// A withdrawal message, as <c>POST /api/reports/withdraw</c> queues it: by default for a code the service
    /// <paramref name="issued"/> (its tag checked), which may leave a tombstone.
    /// </summary>
    public static string Withdrawal(string codeHash, bool issued = true)
        => JsonSerializer.Serialize(
            new WithdrawalEnvelope { SchemaVersion = ReportEnvelope.CurrentSchemaVersion, Withdrawal = codeHash, Issued = issued, RequestedAt = new DateTimeOffset(2025, 7, 2, 12, 0, 0, TimeSpan.Zero) },
            Json);
}
