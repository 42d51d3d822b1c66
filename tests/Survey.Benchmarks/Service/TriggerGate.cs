using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Survey.Local;

namespace Survey.Benchmarks.Service;

/// <summary>
/// Lets the benchmark decide when the runner's queue triggers poll. The local runner registers one hosted
/// service per queue or timer trigger; as the container is built, this factory takes them out, so the
/// service starts with HTTP only. <see cref="ResumeAsync"/> starts a fresh listener for each queue trigger,
/// exactly as the runner builds it; <see cref="PauseAsync"/> stops them after what is in flight. Timer
/// triggers never start, so the nightly reconciliation cannot run inside a measurement.
/// </summary>
internal sealed class TriggerGate : IServiceProviderFactory<IServiceCollection>
{
    private readonly List<Func<IServiceProvider, object>> _triggers = [];
    private readonly List<IHostedService> _running = [];
    private IServiceProvider? _provider;

    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        ArgumentNullException.ThrowIfNull(containerBuilder);
        var runner = typeof(LocalRunner).Assembly;
        foreach (var descriptor in containerBuilder.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.DeclaringType?.Assembly == runner).ToList())
        {
            _triggers.Add(descriptor.ImplementationFactory!);
            containerBuilder.Remove(descriptor);
        }

        _provider = containerBuilder.BuildServiceProvider();
        return _provider;
    }

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (_running.Count > 0)
        {
            return;
        }

        foreach (var create in _triggers)
        {
            var listener = (IHostedService)create(_provider!);
            if (IsQueueTrigger(listener))
            {
                await listener.StartAsync(cancellationToken);
                _running.Add(listener);
            }
            else
            {
                (listener as IDisposable)?.Dispose();
            }
        }
    }

    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _running)
        {
            await listener.StopAsync(cancellationToken);
            (listener as IDisposable)?.Dispose();
        }

        _running.Clear();
    }

    /// <summary>The runner's listeners expose the function they serve; only queue triggers are resumed.</summary>
    private static bool IsQueueTrigger(object listener)
        => listener.GetType().GetProperty("Function")?.GetValue(listener) is FunctionDescriptor { Queue: not null };
}
