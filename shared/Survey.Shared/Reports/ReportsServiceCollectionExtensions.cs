using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Survey.Shared.Operations;
using Survey.Shared.Storage;

namespace Survey.Shared.Reports;

/// <summary>Composes report intake: validation, the reports queue, the report index and withdrawals.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>Adds the validator, intake, withdrawals, the reports queue and index and the enqueue pipeline, with <c>Survey:Intake</c> validated at start.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<IntakeOptions>(configuration, IntakeOptions.SectionName);
        services.AddResiliencePipeline(SurveyPipelines.Enqueue, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<IntakeOptions>>().Value;
            builder.AddTimeout(options.EnqueueBudget);
        });
        services.AddSingleton<ReportQueue>();
        services.AddSingleton<ReportIndex>();
        services.AddSingleton<WithdrawalKey>();
        services.AddSingleton<ReportValidator>();
        services.AddSingleton(p => new ReportIntake(
            p.GetRequiredService<ReportValidator>(), p.GetRequiredService<ReportQueue>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<IntakeOptions>>(), p.GetRequiredService<ILogger<ReportIntake>>()));
        services.AddSingleton(p => new ReportWithdrawals(
            p.GetRequiredService<ReportQueue>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<IntakeOptions>>(), p.GetRequiredService<ILogger<ReportWithdrawals>>()));
        return services;
    }
}
