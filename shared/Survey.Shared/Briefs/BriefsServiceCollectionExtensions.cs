using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Stats;

namespace Survey.Shared.Briefs;

/// <summary>Composes plan briefs.</summary>
public static class BriefsServiceCollectionExtensions
{
    /// <summary>Adds the plan brief service.</summary>
    public static IServiceCollection AddBriefs(this IServiceCollection services)
    {
        services.AddSingleton(p => new PlanBriefService(
            p.GetRequiredService<PlanStatsReader>(), p.GetRequiredService<PlanStore>(), p.GetRequiredService<PlanCatalogue>(), p.GetRequiredService<TimeProvider>()));
        return services;
    }
}
