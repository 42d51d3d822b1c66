using Microsoft.Extensions.DependencyInjection;

namespace Survey.Shared.Dashboards;

/// <summary>Composes the committee dashboard.</summary>
public static class DashboardsServiceCollectionExtensions
{
    /// <summary>Adds the dashboard service.</summary>
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        services.AddSingleton<DashboardService>();
        return services;
    }
}
