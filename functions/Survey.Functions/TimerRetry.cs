namespace Survey.Functions;

/// <summary>
/// The retry policy every timer function carries (<c>[ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First,
/// TimerRetry.Longest)]</c>): a run that fails (storage away for longer than Azure.Core's own retries, SMTP down) is
/// run again after 10 s, 20 s and 40 s, as the Functions host applies a function's retry policy to a timer trigger,
/// instead of waiting for the next occurrence (a week, for the public snapshot and the digest). Every timer job is
/// safe to run again: each writes under claims or ETags, or replaces what it wrote.
/// </summary>
public static class TimerRetry
{
    public const int Count = 3;

    public const string First = "00:00:10";

    public const string Longest = "00:01:00";
}
