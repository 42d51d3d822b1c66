using System.Diagnostics;

namespace Survey.Tests.Infrastructure;

/// <summary>Waits for something asynchronous (the queue listener, say) to become true, with a bound.</summary>
internal static class Eventually
{
    // Generous: a loaded 2-core CI machine runs Azurite, the runner and Chromium at once.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(clock.Elapsed < (timeout ?? DefaultTimeout), $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
        => ReadAsync(condition, holds => holds, what, timeout);
}
