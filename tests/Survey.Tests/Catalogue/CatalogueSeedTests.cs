using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Reports;

namespace Survey.Tests.Catalogue;

public sealed class CatalogueSeedTests
{
    private static readonly CatalogueSeed Seed = CatalogueSeed.Load();

    private static CatalogueSnapshot Snapshot() => new(
        Seed.Insurers.Select(i => new CatalogueInsurer(i.Key, i.Name, i.State, i.Aliases)),
        Seed.Insurers.SelectMany(i => i.Plans.Select(p => new CataloguePlan(p.Key, i.Key, p.Name, p.PlanType, i.State, p.Default, p.Names, p.Aliases))));

    [Fact]
    public void No_name_in_the_catalogue_file_names_two_plans()
        => Assert.Empty(Snapshot().Conflicts);

    [Fact]
    public void Plan_keys_are_unique_well_formed_and_never_look_unverified()
    {
        var keys = Seed.Insurers.SelectMany(i => i.Plans).Select(p => p.Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, k => Assert.True(PlanKeys.IsWellFormed(k), k));
        Assert.DoesNotContain(keys, k => k.StartsWith(PlanKeys.UnverifiedPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_insurer_has_one_default_plan_keyed_like_the_insurer()
        => Assert.All(Seed.Insurers, i =>
        {
            var plan = Assert.Single(i.Plans, p => p.Default);
            Assert.Equal(i.Key, plan.Key);
            Assert.Null(plan.Name);
        });

    [Fact]
    public void Plan_types_and_states_are_values_of_the_report_schema()
    {
        Assert.All(Seed.Insurers, i => Assert.Contains(i.State, ReportSchema.StateCodes));
        Assert.All(Seed.Insurers.SelectMany(i => i.Plans), p => Assert.Contains(p.PlanType, ReportSchema.PlanTypes));
    }

    [Fact]
    public void The_catalogue_covers_massachusetts_commercial_employer_and_masshealth_plans()
    {
        var plans = Seed.Insurers.SelectMany(i => i.Plans).ToList();

        Assert.True(Seed.Insurers.Count >= 10, $"{Seed.Insurers.Count} insurers");
        Assert.Contains(plans, p => p.PlanType == "medicaid" && !p.Default);
        Assert.Contains(plans, p => p.PlanType is "hmo" or "ppo");
        Assert.Contains(plans, p => p.PlanType == "marketplace");
        Assert.Contains(Seed.Insurers, i => i.Key == "masshealth");
    }
}
