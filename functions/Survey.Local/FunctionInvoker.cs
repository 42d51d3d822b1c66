using System.Reflection;

namespace Survey.Local;

/// <summary>
/// Calls a function method the way the worker does: a new instance of its class per invocation,
/// constructor arguments from the container, the trigger and route values as arguments.
/// </summary>
internal static class FunctionInvoker
{
    /// <summary>Invokes the method; <paramref name="bind"/> supplies each parameter's argument.</summary>
    public static async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services, Func<ParameterInfo, object?> bind)
    {
        var instance = function.Method.IsStatic ? null : Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(services, function.Type);
        try
        {
            var arguments = function.Method.GetParameters().Select(bind).ToArray();
            var result = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            if (result is not Task task)
            {
                return result;
            }

            await task;
            var resultProperty = task.GetType().GetProperty(nameof(Task<object>.Result));
            return task.GetType().IsGenericType ? resultProperty?.GetValue(task) : null;
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    public static NotSupportedException Unbindable(FunctionDescriptor function, ParameterInfo parameter)
        => new($"The local runner cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of function {function.Name}.");
}
