using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Survey.Local;

/// <summary>An HTTP trigger as its attribute declares it.</summary>
public sealed record HttpTriggerInfo(IReadOnlyList<string> Methods, string Route, AuthorizationLevel AuthLevel);

/// <summary>A queue trigger as its attribute declares it.</summary>
public sealed record QueueTriggerInfo(string QueueName, string? Connection);

/// <summary>A timer trigger as its attribute declares it (NCRONTAB with seconds, or a TimeSpan).</summary>
public sealed record TimerTriggerInfo(string Schedule, bool RunOnStartup);

/// <summary>One function: its class, method and trigger.</summary>
public sealed record FunctionDescriptor(string Name, Type Type, MethodInfo Method, HttpTriggerInfo? Http, QueueTriggerInfo? Queue, TimerTriggerInfo? Timer = null)
{
    /// <summary>A committee route (<see cref="Survey.Shared.Access.CommitteeAttribute"/>): anonymous to the host, checked by the app.</summary>
    public bool Committee { get; } = Method.GetCustomAttribute<Survey.Shared.Access.CommitteeAttribute>() is not null;
}

/// <summary>The functions of an assembly, read from the same attributes the Worker SDK reads.</summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions) => Functions = functions;

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public static FunctionCatalog Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<FunctionDescriptor>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                HttpTriggerInfo? http = null;
                QueueTriggerInfo? queue = null;
                TimerTriggerInfo? timer = null;
                foreach (var parameter in method.GetParameters())
                {
                    if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } httpTrigger)
                    {
                        var methods = (httpTrigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
                        http = new HttpTriggerInfo(methods, httpTrigger.Route ?? function.Name, httpTrigger.AuthLevel);
                    }
                    else if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queueTrigger)
                    {
                        queue = new QueueTriggerInfo(queueTrigger.QueueName, queueTrigger.Connection);
                    }
                    else if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timerTrigger)
                    {
                        timer = new TimerTriggerInfo(timerTrigger.Schedule, timerTrigger.RunOnStartup);
                    }
                }

                if (http is null && queue is null && timer is null)
                {
                    throw new NotSupportedException($"Function {function.Name} has a trigger the local runner does not serve; use Core Tools ('func start') for it.");
                }

                functions.Add(new FunctionDescriptor(function.Name, type, method, http, queue, timer));
            }
        }

        return new FunctionCatalog(functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList());
    }
}
