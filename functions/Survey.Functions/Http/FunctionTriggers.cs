using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;

namespace Survey.Functions.Http;

/// <summary>What a function's method declares, read once per entry point.</summary>
internal static class FunctionTriggers
{
    private static readonly ConcurrentDictionary<string, bool> Committee = new(StringComparer.Ordinal);

    /// <summary>Whether the function is a committee route (<see cref="CommitteeAttribute"/>): false for every other function.</summary>
    public static bool IsCommittee(FunctionContext context)
        => Committee.GetOrAdd(context.FunctionDefinition.EntryPoint, static entryPoint =>
        {
            var split = entryPoint.LastIndexOf('.');
            var method = typeof(FunctionTriggers).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
            return method?.GetCustomAttribute<CommitteeAttribute>() is not null;
        });
}
