using Survey.Shared.Aggregation;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Campaigns;
using Survey.Shared.Mail;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Shared.Signals;

/// <summary>Composes signals: detection, the store, and the digest.</summary>
public static class SignalsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SignalService"/> and <see cref="SignalDigest"/> with <see cref="SignalOptions"/> from <c>Survey:Signals</c>, validated at start.</summary>
    public static IServiceCollection AddSignals(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SignalOptions>()
            .Bind(configuration.GetSection(SignalOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(p => new SignalStore(p.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(p => new SignalService(
            p.GetRequiredService<SignalStore>(), p.GetRequiredService<PlanStore>(), p.GetRequiredService<PlanStatsReader>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<SignalOptions>>(), p.GetRequiredService<ILogger<SignalService>>()));
        services.AddSingleton(p => new SignalDigest(
            p.GetRequiredService<SignalStore>(), p.GetRequiredService<IMailSender>(), p.GetRequiredService<IOptions<CampaignOptions>>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<ILogger<SignalDigest>>()));
        return services;
    }
}
