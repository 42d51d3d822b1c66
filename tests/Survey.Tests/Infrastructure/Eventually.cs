using System.Diagnostics;
using Azure;

namespace Survey.Tests.Infrastructure;

/// <summary>Waits for something asynchronous (the queue listener, say) to become true, with a bound.</summary>
internal static class Eventually
{
    // Generous: a loaded 2-core CI machine runs Azurite, the runner and Chromium at once.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Reads until <paramref name="done"/>; on time-out fails with <paramref name="what"/> and what <paramref name="diagnostics"/> tells.
    /// A read that fails as storage fails when it is too busy to answer (time-outs, dropped connections, 5xx after the
    /// SDK's own retries) counts as "not yet": a load test's drain saturates its emulator, and the test's own polling
    /// must not be what fails it. Any other exception, or the last transient one at the time-out, fails the test.
    /// </summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastTransient = null;
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }
            }
            catch (Exception exception) when (IsTransientStorageFailure(exception))
            {
                lastTransient = exception;
            }

            if (clock.Elapsed >= (timeout ?? DefaultTimeout))
            {
                var last = lastTransient is null ? string.Empty : $"{Environment.NewLine}The last read failed transiently: {lastTransient.GetType().Name}: {lastTransient.Message}";
                Assert.Fail($"Timed out waiting until {what}.{last}{(diagnostics is null ? string.Empty : Environment.NewLine + diagnostics())}");
            }

            await Task.Delay(100);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
        => ReadAsync(condition, holds => holds, what, timeout);

    /// <summary>What Azure.Core gives up with when the service does not answer in time or answers 408/429/5xx.</summary>
    internal static bool IsTransientStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        // "Retry failed after N tries": every try timed out or failed transiently.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransientStorageFailure),
        TaskCanceledException or HttpRequestException or IOException => true,
        _ => false,
    };
}
