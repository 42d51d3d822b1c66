using Microsoft.Extensions.DependencyInjection;

namespace Survey.Shared.Operations;

/// <summary>Composes operations: the poison queues and their alarm.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>Adds the poison queue, its messages and the alarm.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<PoisonQueue>();
        services.AddSingleton(p => new PoisonMessages(p.GetRequiredService<PoisonQueue>()));
        services.AddSingleton<PoisonAlarm>();
        return services;
    }
}
