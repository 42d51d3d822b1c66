using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// Captures every log line of a host: all categories, all levels (Trace included), as one text per line with the
/// category, the formatted message, every structured state and scope value, and the full exception text.
/// Add it with <see cref="AddTo"/>, which overrides every level filter for this provider only.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public static LogCapture AddTo(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var capture = new LogCapture();
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(capture);

        // A rule for this provider wins over the category rules of appsettings.json, so nothing is filtered out.
        logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        return capture;
    }

    /// <summary>The lines that contain any of <paramref name="secrets"/> (case-insensitive), each with the secret it contains.</summary>
    public IReadOnlyList<string> Leaks(IEnumerable<string> secrets)
        => [.. secrets.SelectMany(secret => _lines.Where(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase)).Select(line => $"[{secret}] {line}"))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append(' ').Append(eventId.Name).Append("] ");
            line.Append(formatter(state, exception));
            AppendValues(line, " state:", state);
            capture._scopes.ForEachScope((scope, builder) => AppendValues(builder, " scope:", scope), line);
            if (exception is not null)
            {
                line.Append(" exception: ").Append(exception);
            }

            capture._lines.Enqueue(line.ToString());
        }

        private static void AppendValues(StringBuilder line, string label, object? values)
        {
            line.Append(label);
            if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    line.Append(' ').Append(key).Append('=').Append(value is System.Collections.IEnumerable items and not string ? string.Join(",", items.Cast<object?>()) : value);
                }
            }
            else
            {
                line.Append(' ').Append(values);
            }
        }
    }
}
