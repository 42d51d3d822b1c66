using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Mail;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Campaigns;

/// <summary>Composes e-mail campaigns: their store, invitations, links and sending.</summary>
public static class CampaignsServiceCollectionExtensions
{
    /// <summary>Adds campaigns (their service, sending and scheduled jobs), links and the invitation sender (they need intake and mail), with <c>Survey:Campaigns</c> validated at start.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CampaignOptions>(configuration, CampaignOptions.SectionName);
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<InvitationLinks>();
        services.AddSingleton(p => new CampaignService(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<CampaignOptions>>(), p.GetRequiredService<ILogger<CampaignService>>()));
        services.AddSingleton(p => new CampaignSending(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<InvitationLinks>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<CampaignOptions>>(), p.GetRequiredService<ILogger<CampaignSending>>()));
        services.AddSingleton(p => new CampaignJobs(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<CampaignOptions>>(), p.GetRequiredService<ILogger<CampaignJobs>>()));
        services.AddSingleton(p => new LinkService(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<ReportIntake>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<LinkService>>()));
        services.AddSingleton(p => new InvitationSender(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<InvitationLinks>(), p.GetRequiredService<IMailSender>(),
            p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<InvitationSender>>()));
        return services;
    }
}
