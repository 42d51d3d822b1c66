using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Survey.Shared.Storage;

namespace Survey.Shared.Catalogue;

/// <summary>Composes the plan catalogue.</summary>
public static class CatalogueServiceCollectionExtensions
{
    /// <summary>Adds the catalogue and its store, with <c>Survey:Catalogue</c> validated at start.</summary>
    public static IServiceCollection AddCatalogue(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CatalogueOptions>(configuration, CatalogueOptions.SectionName);
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton(p => new PlanCatalogue(
            p.GetRequiredService<CatalogueStore>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<CatalogueOptions>>()));
        return services;
    }
}
