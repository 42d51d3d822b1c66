namespace Survey.Shared.Reports;

/// <summary>
/// What goes on the <c>reports</c> queue: an accepted report with its id and receipt time.
/// The contact e-mail travels with it only as far as the aggregator, which stores it apart.
/// </summary>
public sealed record ReportEnvelope
{
    /// <summary>The envelope schema this code writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    public required string ReportId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required Report Report { get; init; }

    public string? ContactEmail { get; init; }

    /// <summary>The SHA-256 of the report's withdrawal code (<see cref="WithdrawalCode"/>); the code itself is only ever shown to the reporter.</summary>
    public string? WithdrawalHash { get; init; }

    /// <summary>
    /// The report's record key (<see cref="RecordKeys"/>), drawn at intake; null in messages queued before keys
    /// were drawn (then derived from the report id).
    /// </summary>
    public uint? RecordKey { get; init; }
}
