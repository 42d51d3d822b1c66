using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Signals;

namespace Survey.Functions.Signals;

/// <summary>On <c>Survey:Signals:RecomputeSchedule</c> (default every 5 minutes): recomputes the signals when any plan's counts changed.</summary>
public sealed class RecomputeSignals(SignalService signals)
{
    [Function(nameof(RecomputeSignals))]
    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger("%" + SignalOptions.RecomputeScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => signals.RecomputeAsync(force: false, cancellationToken);
}

/// <summary>On <c>Survey:Signals:DigestSchedule</c> (default Mondays 13:00 UTC): e-mails new and stronger signals to the digest's subscribers.</summary>
public sealed class SendSignalDigest(SignalDigest digest)
{
    [Function(nameof(SendSignalDigest))]
    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger("%" + SignalOptions.DigestScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => digest.SendAsync(cancellationToken);
}
