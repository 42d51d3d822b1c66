using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Storage;

namespace Survey.Shared.Access;

/// <summary>Composes committee access: the access log, credentials and the gate.</summary>
public static class AccessServiceCollectionExtensions
{
    /// <summary>Adds the access log, committee credentials and the gate, with <c>Survey:Committee</c> validated at start.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CommitteeOptions>(configuration, CommitteeOptions.SectionName);
        services.AddSingleton<AccessLogStore>();
        services.AddSingleton(p => new CommitteeAccess(p.GetRequiredService<AccessLogStore>(), p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CredentialStore>();
        services.AddSingleton(p => new CommitteeCredentials(
            p.GetRequiredService<CredentialStore>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<CommitteeOptions>>(),
            p.GetRequiredService<ILogger<CommitteeCredentials>>()));
        services.AddSingleton<CommitteeGate>();
        return services;
    }
}
