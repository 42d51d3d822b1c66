using System.Diagnostics;

namespace Survey.Tests.Infrastructure;

/// <summary>Waits for something asynchronous (the queue listener, say) to become true, with a bound.</summary>
internal static class Eventually
{
    // Generous: a loaded 2-core CI machine runs Azurite, the runner and Chromium at once.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Reads until <paramref name="done"/>; on time-out fails with <paramref name="what"/> and what <paramref name="diagnostics"/> tells.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed >= (timeout ?? DefaultTimeout))
            {
                Assert.Fail($"Timed out waiting until {what}.{(diagnostics is null ? string.Empty : Environment.NewLine + diagnostics())}");
            }

            await Task.Delay(100);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
        => ReadAsync(condition, holds => holds, what, timeout);
}
