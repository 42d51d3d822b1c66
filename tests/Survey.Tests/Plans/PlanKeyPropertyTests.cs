using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Survey.Shared.Catalogue;
using Survey.Shared.Plans;
using Survey.Tests.Reports;

namespace Survey.Tests.Plans;

/// <summary>
/// Properties of the plan-key derivation (FsCheck): total for any strings, table-safe (no <c>/ \ # ?</c>, no
/// control characters, at most 1 KiB), stable, and distinct normalised names never share a key.
/// </summary>
public sealed class PlanKeyPropertyTests
{
    private static readonly CatalogueSnapshot Catalogue = Seeded();
    private static readonly string[] SimilarNames = ["Aetna", "Aetna Better Health", "Cigna", "Cigna Health", "Humana", "Tufts Direct", "Tufts Health Direct"];

    [Property(MaxTest = 1000)]
    public Property Plan_keys_are_total_and_table_safe_for_any_names()
        => Prop.ForAll(Arb.From(JsonGen.AnyString()), Arb.From(Gen.OneOf(Gen.Constant<string?>(null), JsonGen.AnyString().Select(s => (string?)s))), (insurer, plan) =>
        {
            var key = PlanKeys.Unverified(insurer, plan);
            var resolved = Catalogue.Resolve(insurer, plan).PlanKey;
            return (TableSafe(key) && TableSafe(resolved)).Label($"{key} / {resolved}");
        });

    [Property(MaxTest = 500)]
    public Property Plan_keys_are_stable_and_ignore_case_and_spacing()
        => Prop.ForAll(Arb.From(JsonGen.Name()), Arb.From(JsonGen.Name()), (insurer, plan) =>
            PlanKeys.Unverified(insurer, plan) == PlanKeys.Unverified(insurer, plan)
            && Catalogue.Resolve(insurer, plan) == Catalogue.Resolve(insurer, plan)
            && PlanKeys.Unverified(insurer, plan) == PlanKeys.Unverified("  " + insurer.ToUpperInvariant() + " ", plan.ToLowerInvariant()));

    [Property(MaxTest = 1000)]
    public Property Distinct_normalised_names_never_share_a_key()
        => Prop.ForAll(Arb.From(JsonGen.Name()), Arb.From(JsonGen.Name()), Arb.From(JsonGen.Name()), (insurer, other, plan) =>
        {
            var same = MatchText.Key(insurer, plan) == MatchText.Key(other, plan)
                       && (MatchText.Key(insurer, plan).Length > 0 || insurer.Trim() == other.Trim());
            return (same == (PlanKeys.Unverified(insurer, plan) == PlanKeys.Unverified(other, plan))).Label($"'{insurer}' vs '{other}'");
        });

    [Fact]
    public void Names_that_differ_only_in_words_get_different_keys()
    {
        var keys = SimilarNames.Select(name => PlanKeys.Unverified(name + " Zeta", null)).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    private static bool TableSafe(string key)
        => key.Length > 0
           && System.Text.Encoding.UTF8.GetByteCount(key) <= 1024
           && key.IndexOfAny(['/', '\\', '#', '?']) < 0
           && !key.Any(char.IsControl);

    private static CatalogueSnapshot Seeded()
    {
        var seed = CatalogueSeed.Load();
        return new CatalogueSnapshot(
            seed.Insurers.Select(i => new CatalogueInsurer(i.Key, i.Name, i.State, i.Aliases)),
            seed.Insurers.SelectMany(i => i.Plans.Select(p => new CataloguePlan(p.Key, i.Key, p.Name, p.PlanType, i.State, p.Default, p.Names, p.Aliases))));
    }
}
