using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Contacts;
using Survey.Shared.Storage;

namespace Survey.Shared.Retention;

/// <summary>Composes contact retention.</summary>
public static class RetentionServiceCollectionExtensions
{
    /// <summary>Adds contact retention, with <c>Survey:Retention</c> validated at start.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RetentionOptions>(configuration, RetentionOptions.SectionName);
        services.AddSingleton(p => new ContactRetention(
            p.GetRequiredService<ContactStore>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<RetentionOptions>>(), p.GetRequiredService<ILogger<ContactRetention>>()));
        return services;
    }
}
