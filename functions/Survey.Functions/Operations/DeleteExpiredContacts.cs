using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Retention;

namespace Survey.Functions.Operations;

/// <summary>Every night at 04:15 UTC: deletes contact e-mails older than <c>Survey:Retention:ContactDays</c>.</summary>
public sealed class DeleteExpiredContacts(ContactRetention retention)
{
    public const string Schedule = "0 15 4 * * *";

    [Function(nameof(DeleteExpiredContacts))]

    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => retention.DeleteExpiredAsync(cancellationToken);
}
