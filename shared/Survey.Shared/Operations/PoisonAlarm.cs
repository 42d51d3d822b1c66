using Microsoft.Extensions.Logging;

namespace Survey.Shared.Operations;

/// <summary>
/// Looks at the poison queues on a timer and, while anything waits there, writes one error line that the Azure
/// Monitor alert of <c>infra/modules/alerts.bicep</c> searches for (<see cref="AlertText"/>) and e-mails the
/// operator about. The line holds counts only.
/// </summary>
public sealed partial class PoisonAlarm(PoisonMessages poison, ILogger<PoisonAlarm> logger)
{
    /// <summary>How the line begins; the alert's query matches it (a test keeps the two equal).</summary>
    public const string AlertText = "Poison messages waiting";

    /// <summary>Counts the poison queues, and says so when anything waits.</summary>
    public async Task<PoisonWaiting> CheckAsync(CancellationToken cancellationToken)
    {
        var waiting = await poison.WaitingAsync(cancellationToken);
        if (waiting.Any)
        {
            LogWaiting(logger, waiting.Reports, waiting.Invitations);
        }

        return waiting;
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Error, Message = AlertText + ": {Reports} in reports-poison, {Invitations} in invitations-poison; list and replay them (GET /api/operations/poison)")]
    private static partial void LogWaiting(ILogger logger, int reports, int invitations);
}
