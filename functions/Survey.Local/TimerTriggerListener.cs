using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Survey.Local;

/// <summary>
/// Serves one timer-triggered function on its schedule, read like the Functions host reads it: six-field
/// NCRONTAB (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, UTC) or a TimeSpan, with
/// <c>%name%</c> taken from configuration. One instance runs it (the host uses a blob lease for that). A run that
/// throws is run again as the function's retry policy says (<see cref="FixedDelayRetryAttribute"/>,
/// <see cref="ExponentialBackoffRetryAttribute"/>), as the host applies one to a timer trigger.
/// </summary>
internal sealed partial class TimerTriggerListener(
    FunctionDescriptor function,
    IConfiguration configuration,
    TimeProvider time,
    IServiceProvider services,
    ILogger<TimerTriggerListener> logger) : BackgroundService
{
    public FunctionDescriptor Function => function;

    /// <summary>The schedule after <c>%name%</c> is resolved.</summary>
    public string Schedule { get; } = Resolve(function.Timer!.Schedule, configuration);

    /// <summary>The next time after <paramref name="after"/> the function runs.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        if (TimeSpan.TryParse(Schedule, CultureInfo.InvariantCulture, out var interval))
        {
            return after + interval;
        }

        var cron = CrontabSchedule.Parse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });
        return new DateTimeOffset(cron.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow();
        if (function.Timer!.RunOnStartup)
        {
            await InvokeAsync(last, last, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextAfter(last);
            try
            {
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await InvokeAsync(last, next, stoppingToken);
            last = next;
        }
    }

    /// <summary>Runs the function now, outside its schedule (the host's <c>POST /admin/functions/{name}</c>).</summary>
    public Task RunNowAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        return InvokeAsync(now, now, stoppingToken);
    }

    private async Task InvokeAsync(DateTimeOffset last, DateTimeOffset now, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = NextAfter(now).UtcDateTime, LastUpdated = now.UtcDateTime },
            IsPastDue = false,
        };
        for (var retry = 0; ; retry++)
        {
            TimeSpan delay;
            try
            {
                await using var scope = services.CreateAsyncScope();
                await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter =>
                    parameter.ParameterType == typeof(TimerInfo) ? timer
                    : parameter.ParameterType == typeof(CancellationToken) ? stoppingToken
                    : throw FunctionInvoker.Unbindable(function, parameter));
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Like the host: a failed run is logged, retried as the policy says, and the schedule goes on.
                if (RetryDelay(retry) is not { } next)
                {
                    LogFailed(logger, exception, function.Name);
                    return;
                }

                delay = next;
                LogRetrying(logger, exception, function.Name, retry + 1, delay);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> + 1 under the function's retry policy, or null when it
    /// has none or it is spent. Exponential: the minimum interval doubled per retry, at most the maximum.
    /// </summary>
    internal TimeSpan? RetryDelay(int retry)
    {
        switch (function.Method.GetCustomAttribute<RetryAttribute>())
        {
            case FixedDelayRetryAttribute fixedDelay when retry < fixedDelay.MaxRetryCount:
                return Interval(fixedDelay.DelayInterval);
            case ExponentialBackoffRetryAttribute exponential when retry < exponential.MaxRetryCount:
                var first = Interval(exponential.MinimumInterval);
                var longest = Interval(exponential.MaximumInterval);
                return TimeSpan.FromTicks(Math.Min(longest.Ticks, first.Ticks * (1L << Math.Min(retry, 30))));
            default:
                return null;
        }
    }

    private static TimeSpan Interval(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>A schedule as the host resolves it: <c>%name%</c> is the setting's value.</summary>
    internal static string Resolve(string schedule, IConfiguration configuration)
        => schedule is ['%', .. var name, '%']
            ? configuration[name] ?? throw new InvalidOperationException($"Function schedule setting '{name}' is not set.")
            : schedule;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {FunctionName} failed; retry {Retry} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string functionName, int retry, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName);
}
