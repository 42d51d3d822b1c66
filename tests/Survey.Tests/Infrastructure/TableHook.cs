using Azure.Core;
using Azure.Core.Pipeline;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// Forces an interleaving at one table request, deterministically: the first request <paramref name="matches"/>
/// picks runs <see cref="Before"/> before it goes out and <see cref="After"/> once storage answered it; with
/// <see cref="CrashAfter"/> it then throws, as if the process stopped right after storage applied the request.
/// </summary>
internal sealed class TableHook(Func<Request, bool> matches) : HttpPipelinePolicy
{
    private int _fired;

    public Func<Task>? Before { get; init; }

    public Func<Task>? After { get; init; }

    public bool CrashAfter { get; init; }

    /// <summary>True once the request was seen (and the hook ran).</summary>
    public bool Fired => Volatile.Read(ref _fired) == 1;

    /// <summary>A request of <paramref name="method"/> to <paramref name="table"/> (or a <c>$batch</c>) whose URI contains <paramref name="text"/>.</summary>
    public static Func<Request, bool> On(string method, string table, string? text = null)
        => request => request.Method.Method == method
                      && request.Uri.Path.Contains(table, StringComparison.Ordinal)
                      && (text is null || Uri.UnescapeDataString(request.Uri.ToString()).Contains(text, StringComparison.Ordinal));

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fire = matches(message.Request) && Interlocked.Exchange(ref _fired, 1) == 0;
        if (fire && Before is not null)
        {
            await Before();
        }

        await ProcessNextAsync(message, pipeline);
        if (!fire)
        {
            return;
        }

        if (After is not null)
        {
            await After();
        }

        if (CrashAfter)
        {
            throw new IOException("Injected: the process stopped right after storage applied this request.");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
