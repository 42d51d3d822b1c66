using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Storage;

namespace Survey.Shared.Health;

/// <summary>Composes the storage health check.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>Adds the storage health check.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton(p => new StorageHealth(p.GetRequiredService<SurveyStorage>()));
        return services;
    }
}
