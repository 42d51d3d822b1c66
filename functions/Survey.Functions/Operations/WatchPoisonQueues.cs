using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Operations;

namespace Survey.Functions.Operations;

/// <summary>Every 5 minutes: while anything waits in a poison queue, writes the line the operator's alert e-mails about.</summary>
public sealed class WatchPoisonQueues(PoisonAlarm alarm)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(WatchPoisonQueues))]

    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => alarm.CheckAsync(cancellationToken);
}
