using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Survey.Local;

/// <summary>
/// Serves one timer-triggered function on its schedule, read like the Functions host reads it: six-field
/// NCRONTAB (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, UTC) or a TimeSpan, with
/// <c>%name%</c> taken from configuration. One instance runs it (the host uses a blob lease for that).
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
        try
        {
            await using var scope = services.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter =>
                parameter.ParameterType == typeof(TimerInfo) ? timer
                : parameter.ParameterType == typeof(CancellationToken) ? stoppingToken
                : throw FunctionInvoker.Unbindable(function, parameter));
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Like the host: a failed run is logged and the schedule goes on.
            LogFailed(logger, exception, function.Name);
        }
    }

    /// <summary>A schedule as the host resolves it: <c>%name%</c> is the setting's value.</summary>
    internal static string Resolve(string schedule, IConfiguration configuration)
        => schedule is ['%', .. var name, '%']
            ? configuration[name] ?? throw new InvalidOperationException($"Function schedule setting '{name}' is not set.")
            : schedule;

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName);
}
