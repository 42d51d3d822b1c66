namespace Survey.Shared.Reports;

/// <summary>
/// What goes on the <c>reports</c> queue when a reporter withdraws a report: the hash of the withdrawal
/// code (never the code). The aggregator takes the report out of its plan, or leaves a tombstone that keeps
/// a report still on the queue from being counted.
/// </summary>
public sealed record WithdrawalEnvelope
{
    public required int SchemaVersion { get; init; }

    /// <summary>The SHA-256 (lowercase hex) of the withdrawal code.</summary>
    public required string Withdrawal { get; init; }

    /// <summary>
    /// The code carries this service's tag (<see cref="WithdrawalCode"/>), checked when the withdrawal was taken: only
    /// then may the withdrawal leave a tombstone for a report not counted yet. False for any other well-formed code.
    /// </summary>
    public bool Issued { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>Tells a withdrawal message from a report message on the shared queue.</summary>
internal static class WithdrawalMessage
{
    /// <summary>The withdrawal, or null when the message is not a well-formed withdrawal (a report, or something to poison).</summary>
    public static WithdrawalEnvelope? TryRead(string message)
    {
        // Reports never have a top-level "withdrawal" property; a quoted name inside a JSON string would be escaped.
        if (!message.Contains("\"withdrawal\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var envelope = System.Text.Json.JsonSerializer.Deserialize(message, SurveyJsonContext.Default.WithdrawalEnvelope);
            return envelope is { SchemaVersion: ReportEnvelope.CurrentSchemaVersion, Withdrawal: { Length: 64 } hash } && hash.All(char.IsAsciiHexDigitLower)
                ? envelope
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
