using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Storage;

namespace Survey.Shared.Stats;

/// <summary>Composes statistics: the plan stats reader and the public statistics.</summary>
public static class StatsServiceCollectionExtensions
{
    /// <summary>Adds the plan stats reader and the public statistics, with <c>Survey:Public</c> validated at start.</summary>
    public static IServiceCollection AddStats(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<PublicStatsOptions>(configuration, PublicStatsOptions.SectionName);
        services.AddSingleton(p => new PlanStatsReader(p.GetRequiredService<PlanStore>(), p.GetRequiredService<PlanCatalogue>()));
        services.AddSingleton(p => new PublicSnapshotStore(p.GetRequiredService<Azure.Data.Tables.TableServiceClient>()));
        services.AddSingleton(p => new PublicStatsService(
            p.GetRequiredService<PlanStatsReader>(), p.GetRequiredService<PublicSnapshotStore>(),
            p.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicStatsOptions>>(), p.GetRequiredService<TimeProvider>()));
        return services;
    }
}
