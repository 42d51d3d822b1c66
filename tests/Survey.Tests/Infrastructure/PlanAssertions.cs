using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Tests.Infrastructure;

/// <summary>What a plan's stored aggregates must be for a given set of counted reports.</summary>
internal static class PlanAssertions
{
    /// <summary>
    /// The plan's total and months equal the counters recomputed from <paramref name="reports"/>, and the auditor
    /// finds exactly that many report rows and no drift.
    /// </summary>
    public static async Task HoldsExactlyAsync(IServiceProvider services, string planKey, IReadOnlyCollection<Report> reports)
    {
        var store = services.GetRequiredService<PlanStore>();
        var total = await store.ReadTotalAsync(planKey, default);
        Assert.NotNull(total);
        Assert.Equal(ReportCounters.Sum(reports), total.Counts);
        var months = await store.ReadMonthsAsync(planKey, default);
        Assert.Equal(reports.Select(r => r.ServiceMonth).Distinct().Order(), months.Keys.Order());
        foreach (var (month, row) in months)
        {
            Assert.Equal(ReportCounters.Sum(reports.Where(r => r.ServiceMonth == month)), row.Counts);
        }

        var audit = await services.GetRequiredService<PlanAuditor>().ReconcileAsync(planKey, repair: false, default);
        Assert.Equal(reports.Count, audit.ReportsCounted);
        Assert.Empty(audit.Drift);
    }
}
