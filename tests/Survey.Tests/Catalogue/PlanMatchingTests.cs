using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Shared.Stats;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Catalogue;

/// <summary>Typed names land on the right catalogue plan, with the catalogue seeded into a real Azurite.</summary>
[Collection(StorageGroup.Name)]
public sealed class PlanMatchingTests(StorageFixture fixture)
{
    private Task<CatalogueSnapshot> Catalogue() => fixture.Services.GetRequiredService<PlanCatalogue>().GetAsync(default);

    [Theory]
    [InlineData("Blue Cross/Blue Shield", null, "bcbs-ma")]
    [InlineData("BCBS", null, "bcbs-ma")]
    [InlineData("BCBS MA", null, "bcbs-ma")]
    [InlineData("BCBSMA", "", "bcbs-ma")]
    [InlineData("blue cross blue shield of massachusetts", null, "bcbs-ma")]
    [InlineData("Blue Cross Blue Shield of Massachusetts.", null, "bcbs-ma")]
    [InlineData("  BLUE CROSS  &  BLUE SHIELD  ", null, "bcbs-ma")]
    [InlineData("BlueCross BlueShield", null, "bcbs-ma")]
    [InlineData("Blue Cross Blue Shield of Massachusetts", "HMO Blue", "bcbs-ma-hmo-blue")]
    [InlineData("BCBS", "hmo blue", "bcbs-ma-hmo-blue")]
    [InlineData("BCBS", "PPO", "bcbs-ma-ppo")]
    [InlineData("Blue Cross", "Blue Care Elect", "bcbs-ma-blue-care-elect")]
    [InlineData("AllWays", null, "mgb-health-plan")]
    [InlineData("All Ways Health Partners", null, "mgb-health-plan")]
    [InlineData("AllWays Health Partners, Inc.", null, "mgb-health-plan")]
    [InlineData("Neighborhood Health Plan", null, "mgb-health-plan")]
    [InlineData("Mass General Brigham Health Plan", null, "mgb-health-plan")]
    [InlineData("Harvard Pilgrim", null, "harvard-pilgrim")]
    [InlineData("Harvard Pilgrim Health Care, Inc.", null, "harvard-pilgrim")]
    [InlineData("HPHC", null, "harvard-pilgrim")]
    [InlineData("Harvard Pilgrim", "PPO", "harvard-pilgrim-ppo")]
    [InlineData("Tufts", null, "tufts")]
    [InlineData("Tufts Health Plan", null, "tufts")]
    [InlineData("Tufts Health Together", null, "masshealth-tufts-health-together")]
    [InlineData("MassHealth", "Tufts Health Together", "masshealth-tufts-health-together")]
    [InlineData("Fallon", null, "fallon")]
    [InlineData("Fallon Community Health Plan", null, "fallon")]
    [InlineData("Fallon 365 Care", null, "masshealth-fallon-365-care")]
    [InlineData("Health New England", null, "hne")]
    [InlineData("MassHealth", null, "masshealth")]
    [InlineData("Mass Health", null, "masshealth")]
    [InlineData("Medicaid", null, "masshealth")]
    [InlineData("WellSense", null, "wellsense")]
    [InlineData("BMC HealthNet Plan", null, "wellsense")]
    [InlineData("United Healthcare", null, "unitedhealthcare")]
    [InlineData("UHC", null, "unitedhealthcare")]
    [InlineData("Aetna", null, "aetna")]
    [InlineData("aetna!", null, "aetna")]
    [InlineData("Cigna", null, "cigna")]
    [InlineData("ConnectorCare", null, "health-connector-connectorcare")]
    [InlineData("Mässachusetts Médicaid", null, "masshealth")]
    [InlineData("Tüfts Héalth Plan…", null, "tufts")]
    public async Task A_spelling_lands_on_its_catalogue_plan(string insurer, string? plan, string expected)
    {
        var resolution = (await Catalogue()).Resolve(insurer, plan);

        Assert.Equal(new PlanResolution(expected, Verified: true), resolution);
    }

    [Theory]
    [InlineData("Tufts Health Plan", "Tufts Health Together")]
    [InlineData("Health New England", "Harvard Pilgrim Health Care")]
    [InlineData("Fallon 365 Care", "Fallon Health")]
    [InlineData("BCBS HMO Blue", "BCBS HMO Blue New England")]
    [InlineData("MassHealth Standard", "MassHealth")]
    [InlineData("Mass General Brigham Health Plan", "Mass General Brigham ACO")]
    public async Task Similar_names_never_land_on_the_same_plan(string a, string b)
    {
        var catalogue = await Catalogue();
        var (first, second) = (catalogue.Resolve(a, null), catalogue.Resolve(b, null));

        Assert.True(first.Verified && second.Verified, $"{a} -> {first}, {b} -> {second}");
        Assert.NotEqual(first.PlanKey, second.PlanKey);
    }

    [Theory]
    [InlineData("Acme Mutual of Springfield", null)]
    [InlineData("BCBS", "Platinum Unicorn Plan")]
    [InlineData("🍼", null)]
    public async Task An_unknown_name_lands_on_its_unverified_plan(string insurer, string? plan)
    {
        var resolution = (await Catalogue()).Resolve(insurer, plan);

        Assert.Equal(new PlanResolution(PlanKeys.Unverified(insurer, plan), Verified: false), resolution);
        Assert.StartsWith(PlanKeys.UnverifiedPrefix, resolution.PlanKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_typed_many_ways_are_counted_on_one_plan_with_the_catalogue_names()
    {
        // "HMO Blue New England" is a plan of its own that only this test writes to.
        var spellings = new (string Insurer, string? Plan)[]
        {
            ("BCBS", "HMO Blue New England"),
            ("Blue Cross/Blue Shield", "HMO Blue New England"),
            ("blue cross blue shield of massachusetts", "hmo blue new england."),
            ("BCBS MA", "Blue New England"),
            ("BLUE CROSS", "HMO New England"),
        };
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        var before = (await fixture.Services.GetRequiredService<PlanStatsReader>().GetAsync("bcbs-ma-hmo-blue-new-england", default))?.Reports ?? 0;

        foreach (var (insurer, plan) in spellings)
        {
            Assert.Equal(AggregationOutcome.Counted, await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer, plan)), default));
        }

        var stats = await fixture.Services.GetRequiredService<PlanStatsReader>().GetAsync("bcbs-ma-hmo-blue-new-england", default);
        Assert.NotNull(stats);
        Assert.Equal(before + spellings.Length, stats.Reports);
        Assert.True(stats.Verified);
        Assert.Equal("Blue Cross Blue Shield of Massachusetts", stats.Insurer);
        Assert.Equal("HMO Blue New England", stats.Plan);
    }

    [Fact]
    public async Task An_unknown_name_is_counted_as_unverified_with_the_name_as_typed()
    {
        var insurer = SampleReports.UniqueInsurer("Acme Mutual");
        var aggregator = fixture.Services.GetRequiredService<ReportAggregator>();
        await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer, "Gold")), default);
        await aggregator.ProcessAsync(Envelopes.Message(Envelopes.Report(insurer.ToUpperInvariant() + ".", "GOLD")), default);

        var stats = await fixture.Services.GetRequiredService<PlanStatsReader>().GetAsync(PlanKeys.Unverified(insurer, "Gold"), default);
        Assert.NotNull(stats);
        Assert.False(stats.Verified);
        Assert.Equal(2, stats.Reports);
        Assert.Equal(insurer, stats.Insurer);
    }
}
