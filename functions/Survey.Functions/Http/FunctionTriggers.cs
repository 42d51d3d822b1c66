using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Survey.Functions.Http;

/// <summary>What a function's HTTP trigger attribute declares, read once per entry point.</summary>
internal static class FunctionTriggers
{
    private static readonly ConcurrentDictionary<string, bool> KeyProtected = new(StringComparer.Ordinal);

    /// <summary>Whether the function's HTTP trigger demands a key (false for anonymous routes and non-HTTP functions).</summary>
    public static bool NeedsKey(FunctionContext context)
        => KeyProtected.GetOrAdd(context.FunctionDefinition.EntryPoint, static entryPoint =>
        {
            var split = entryPoint.LastIndexOf('.');
            var method = typeof(FunctionTriggers).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
            var trigger = method?.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            return trigger is not null && trigger.AuthLevel != AuthorizationLevel.Anonymous;
        });
}
