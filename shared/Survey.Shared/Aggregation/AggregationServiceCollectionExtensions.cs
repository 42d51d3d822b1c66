using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.Registry;
using Survey.Shared.Catalogue;
using Survey.Shared.Contacts;
using Survey.Shared.Reports;

namespace Survey.Shared.Aggregation;

/// <summary>Composes counting: the plan store, the aggregator, merges and the auditor.</summary>
public static class AggregationServiceCollectionExtensions
{
    /// <summary>Adds the plan store, the aggregator, the plan merger and the auditor (they need reports, the catalogue and contacts).</summary>
    public static IServiceCollection AddAggregation(this IServiceCollection services)
    {
        services.AddSingleton<PlanStore>();
        services.AddSingleton(p => new ReportAggregator(
            p.GetRequiredService<ReportValidator>(), p.GetRequiredService<PlanCatalogue>(), p.GetRequiredService<PlanStore>(),
            p.GetRequiredService<ReportIndex>(), p.GetRequiredService<ContactStore>(), p.GetRequiredService<ReportQueue>(), p.GetRequiredService<ILogger<ReportAggregator>>()));
        services.AddSingleton(p => new PlanMerger(
            p.GetRequiredService<PlanCatalogue>(), p.GetRequiredService<PlanStore>(), p.GetRequiredService<ReportIndex>(), p.GetRequiredService<ILogger<PlanMerger>>()));
        services.AddSingleton(p => new PlanAuditor(
            p.GetRequiredService<PlanStore>(), p.GetRequiredService<ResiliencePipelineProvider<string>>(), p.GetRequiredService<ILogger<PlanAuditor>>()));
        return services;
    }
}
