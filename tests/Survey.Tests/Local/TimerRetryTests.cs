using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Functions;
using Survey.Functions.Public;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Local;

/// <summary>
/// A timer run that fails is run again as the function's retry policy says, as the Functions host does: a weekly
/// job (the public snapshot, the digest) does not wait a week because storage was away for a minute.
/// </summary>
public sealed class TimerRetryTests
{
    [Fact]
    public async Task A_failed_timer_run_is_run_again_as_its_retry_policy_says_until_it_succeeds()
    {
        var flaky = new Attempts(failures: 2);
        var (listener, log) = Listener(flaky, nameof(FlakyTimer.RunWithFixedDelay));

        await listener.RunNowAsync(CancellationToken.None);

        Assert.Equal(3, flaky.Runs);
        Assert.Equal(2, log.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("retry", StringComparison.Ordinal)));
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timer_run_that_keeps_failing_is_given_up_after_the_policy_s_retries_and_logged_as_an_error()
    {
        var flaky = new Attempts(failures: int.MaxValue);
        var (listener, log) = Listener(flaky, nameof(FlakyTimer.RunWithFixedDelay));

        await listener.RunNowAsync(CancellationToken.None);

        Assert.Equal(1 + 3, flaky.Runs);
        Assert.Single(log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(nameof(FlakyTimer), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timer_without_a_retry_policy_runs_once_however_it_ends()
    {
        var flaky = new Attempts(failures: 1);
        var (listener, _) = Listener(flaky, nameof(FlakyTimer.RunWithoutRetry));

        await listener.RunNowAsync(CancellationToken.None);

        Assert.Equal(1, flaky.Runs);
    }

    [Fact]
    public void An_exponential_policy_waits_its_minimum_and_doubles_up_to_its_maximum()
    {
        var (listener, _) = Listener(new Attempts(0), nameof(FlakyTimer.RunWithBackoff));

        Assert.Equal(
            [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), null],
            Enumerable.Range(0, 6).Select(listener.RetryDelay));
    }

    [Fact]
    public void Every_timer_function_carries_the_app_s_retry_policy_in_the_metadata_the_host_reads()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        var timers = metadata.Select(f => f!.AsObject())
            .Where(f => f["bindings"]!.AsArray().Any(b => (string?)b!["type"] == "timerTrigger"))
            .ToList();

        Assert.Contains(timers, t => (string?)t["name"] == nameof(SnapshotPublicStats));
        Assert.All(timers, timer =>
        {
            var retry = timer["retry"];
            Assert.True(retry is not null, $"{timer["name"]} has no retry policy.");
            Assert.Equal("exponentialBackoff", (string?)retry!["strategy"]);
            Assert.Equal(TimerRetry.Count, (int)retry["maxRetryCount"]!);
            Assert.Equal(TimerRetry.First, (string?)retry["minimumInterval"]);
            Assert.Equal(TimerRetry.Longest, (string?)retry["maximumInterval"]);
        });
    }

    private static (TimerTriggerListener Listener, LogCapture Log) Listener(Attempts flaky, string method)
    {
        var log = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(log))
            .AddSingleton(flaky)
            .BuildServiceProvider();
        var function = new FunctionDescriptor(method, typeof(FlakyTimer), typeof(FlakyTimer).GetMethod(method)!, null, null, new TimerTriggerInfo("0 0 0 1 1 *", RunOnStartup: false));
        var listener = new TimerTriggerListener(
            function,
            new ConfigurationBuilder().Build(),
            TimeProvider.System,
            services,
            services.GetRequiredService<ILogger<TimerTriggerListener>>());
        return (listener, log);
    }

    /// <summary>How often the job ran, and how many of its first runs throw.</summary>
    public sealed class Attempts(int failures)
    {
        private int _runs;

        public int Runs => _runs;

        public bool Fails() => Interlocked.Increment(ref _runs) <= failures;
    }

    /// <summary>A timer job that throws on its first runs, as <see cref="Attempts"/> says (made by the runner for each run).</summary>
    public sealed class FlakyTimer(Attempts attempts)
    {

        [FixedDelayRetry(3, "00:00:00")]
        public Task RunWithFixedDelay(TimerInfo timer) => Run();

        [ExponentialBackoffRetry(5, "00:00:10", "00:01:00")]
        public Task RunWithBackoff(TimerInfo timer) => Run();

        public Task RunWithoutRetry(TimerInfo timer) => Run();

        private Task Run() => attempts.Fails()
            ? throw new InvalidOperationException("Injected: storage away for longer than Azure.Core's retries.")
            : Task.CompletedTask;
    }
}
