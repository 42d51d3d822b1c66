using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Survey.Shared.Access;
using Survey.Shared.Aggregation;
using Survey.Shared.Briefs;
using Survey.Shared.Campaigns;
using Survey.Shared.Catalogue;
using Survey.Shared.Contacts;
using Survey.Shared.Dashboards;
using Survey.Shared.Forms;
using Survey.Shared.Health;
using Survey.Shared.Http;
using Survey.Shared.Letters;
using Survey.Shared.Mail;
using Survey.Shared.Operations;
using Survey.Shared.Reports;
using Survey.Shared.Retention;
using Survey.Shared.Signals;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Shared;

/// <summary>Composes the app: each feature registers itself (its services, its storage, its options).</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything the functions use. Options are validated when the host starts, so bad
    /// configuration fails early with a sentence that says what to set.
    /// </summary>
    public static IServiceCollection AddSurvey(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSurveyStorage(configuration)
            .AddHttp(configuration)
            .AddAccess(configuration)
            .AddOperations()
            .AddContacts()
            .AddReports(configuration)
            .AddForms()
            .AddCatalogue(configuration)
            .AddAggregation()
            .AddStats(configuration)
            .AddBriefs()
            .AddDashboards()
            .AddSurveyMail(configuration)
            .AddCampaigns(configuration)
            .AddLetters()
            .AddSignals(configuration)
            .AddRetention(configuration)
            .AddHealth();
        return services;
    }
}
