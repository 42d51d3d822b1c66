using Survey.Shared.Plans;

namespace Survey.Tests.Plans;

public sealed class PlanKeysTests
{
    private static readonly char[] ForbiddenInTableKeys = ['/', '\\', '#', '?'];

    [Theory]
    [InlineData("Blue Cross/Blue Shield", null)]
    [InlineData("Back\\slash Health", "Plan #1?")]
    [InlineData("Saúde Família Ação", "Plano Básico")]
    [InlineData("Ünïcödé Ínsürer", null)]
    [InlineData("🍼🤱", null)]
    [InlineData("Aetna 🍼", "Gold ⭐ PPO")]
    [InlineData("保险公司", "计划")]
    [InlineData("Tab\tand\u007fcontrol", null)]
    [InlineData("?#/\\", "?#/\\")]
    public void Keys_are_table_and_url_safe_for_any_name(string insurer, string? plan)
    {
        var key = PlanKeys.Unverified(insurer, plan);
        Assert.StartsWith(PlanKeys.UnverifiedPrefix, key, StringComparison.Ordinal);

        Assert.Matches("^[a-z0-9-]+$", key);
        Assert.True(key.Length <= 110, $"{key} is {key.Length} characters");
        Assert.Equal(-1, key.IndexOfAny(ForbiddenInTableKeys));
        Assert.Equal(key, Uri.EscapeDataString(key));
        Assert.True(PlanKeys.IsWellFormed(key));
    }

    [Fact]
    public void Keys_are_stable_across_releases()
    {
        // Pinned: stored aggregates are keyed by this value, so a change here would split plans.
        Assert.Equal("unverified-acmehealthwest-9dec8a4eea", PlanKeys.Unverified("ACME Health, Inc.", "West"));
    }

    [Theory]
    [InlineData("Blue Cross/Blue Shield", "blue cross blue shield")]
    [InlineData("BLUE  CROSS - BLUE SHIELD.", "Blue Cross Blue Shield")]
    [InlineData("  Tufts Health Plan  ", "tufts health plan")]
    [InlineData("Saúde", "Saude")]
    [InlineData("Harvard Pilgrim, Inc.", "harvard pilgrim")]
    [InlineData("BCBS", "Blue Cross Blue Shield")]
    [InlineData("AllWays", "All Ways")]
    public void Spellings_that_differ_only_in_case_accents_punctuation_spacing_and_abbreviations_share_a_key(string a, string b)
        => Assert.Equal(PlanKeys.Unverified(a, null), PlanKeys.Unverified(b, null));

    [Theory]
    [InlineData("Aetna", null, "Aetna", "PPO")]
    [InlineData("Aetna", "PPO", "Aetna", "HMO")]
    [InlineData("🍼", null, "🤱", null)]
    [InlineData("保险", null, "计划", null)]
    [InlineData("Tufts Health Plan", null, "Tufts Health Plans", null)]
    public void Different_names_get_different_keys(string insurerA, string? planA, string insurerB, string? planB)
        => Assert.NotEqual(PlanKeys.Unverified(insurerA, planA), PlanKeys.Unverified(insurerB, planB));

    [Fact]
    public void A_thousand_distinct_names_never_share_a_key()
    {
        var names = Enumerable.Range(0, 1000).Select(i => $"Insurer {i}").ToList();
        var keys = names.Select(n => PlanKeys.Unverified(n, null)).ToHashSet();
        Assert.Equal(names.Count, keys.Count);
    }

    [Fact]
    public void A_very_long_name_is_cut_in_the_readable_part_only()
    {
        var a = PlanKeys.Unverified(new string('a', 120), null);
        var b = PlanKeys.Unverified(new string('a', 119) + "b", null);

        Assert.NotEqual(a, b);
        Assert.True(a.Length <= 110);
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData(null)]
    public void Junk_route_values_are_not_well_formed(string? key) => Assert.False(PlanKeys.IsWellFormed(key));
}
