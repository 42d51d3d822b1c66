namespace Survey.Shared.Stats;

/// <summary>Published numbers that add up: <c>parent = Σ children</c> (indices into the cells).</summary>
internal sealed record AdditiveGroup(int Parent, IReadOnlyList<int> Children)
{
    public IEnumerable<int> Members => Children.Prepend(Parent);
}

/// <summary>
/// Small-cell and complementary suppression over cells tied by additive groups. For a plan the groups are
/// <c>reports = Σ bySetting[s].reports</c>, <c>bySetting[s].reports = Σ_o bySetting[s].outcomes[o]</c> (each
/// setting), <c>reports = Σ byRole[r]</c> and <c>reports = Σ priorAuthorizationRequired[a]</c>. They overlap (the
/// total is in three; a setting's reports is a child in one and a parent in another), so every rule runs to a
/// fixed point.
/// <list type="number">
/// <item><b>Primary:</b> every count from 1 to the threshold is suppressed; 0 and larger counts are not.</item>
/// <item><b>Complementary, by subtraction:</b> while some group has exactly one suppressed member (which its
/// other members would give away), suppress one more member of it: the smallest non-zero published child, or,
/// when there is none, the group's parent total.</item>
/// <item><b>Complementary, by bounds:</b> when no group has a lone suppressed member, play the attacker who also
/// knows that a suppressed count is at least 1 (zeros are always published, and this rule set never suppresses a
/// zero): propagate lower and upper bounds through every group to a fixed point; if that pins a suppressed count
/// to one value (say <c>13 = 11 + family + other-provider</c>, so both are 1), suppress the smallest non-zero
/// published child of a group holding that count, else its published parent total, else look one group further.
/// Then go back to rule 2.</item>
/// </list>
/// Each step suppresses one more non-zero count, so it ends; at worst every non-zero count is suppressed, and then
/// nothing can be pinned (doubling every suppressed count fits the published numbers as well). At the end every
/// group has zero or at least two suppressed members, and because the groups form a hierarchy (their incidence
/// graph is a tree) that also rules out recovering a count from any linear combination of the sums, not only from
/// one subtraction. The plan total may end up suppressed.
/// <para>This protects one table; the endpoint publishes only one (no filters), since differently filtered
/// tables could be subtracted from one another.</para>
/// </summary>
internal static class CellSuppression
{
    private const long Unbounded = long.MaxValue / 4;
    private const int MaxPropagationPasses = 64;

    /// <summary>Which cells to suppress.</summary>
    public static bool[] Suppress(IReadOnlyList<long> values, IReadOnlyList<AdditiveGroup> groups, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(groups);
        var suppressed = values.Select(v => v >= 1 && v <= suppressBelowOrEqual).ToArray();
        while ((LoneUnknownComplement(values, groups, suppressed) ?? PinnedComplement(values, groups, suppressed)) is { } next)
        {
            suppressed[next] = true;
        }

        return suppressed;
    }

    /// <summary>The cell to suppress in the first group with exactly one suppressed member, if any.</summary>
    private static int? LoneUnknownComplement(IReadOnlyList<long> values, IReadOnlyList<AdditiveGroup> groups, bool[] suppressed)
    {
        foreach (var group in groups.Where(g => g.Members.Count(m => suppressed[m]) == 1))
        {
            // The last choice (a published zero) only happens with counts that do not add up (aggregates
            // mid-repair): still suppress something, so the loop always makes progress.
            var next = SmallestNonZeroChild(group, values, suppressed)
                       ?? (suppressed[group.Parent] ? null : (int?)group.Parent)
                       ?? group.Children.Where(c => !suppressed[c]).Cast<int?>().FirstOrDefault();
            if (next is not null)
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>The cell to suppress because bounds pin a suppressed count to one value, if any.</summary>
    private static int? PinnedComplement(IReadOnlyList<long> values, IReadOnlyList<AdditiveGroup> groups, bool[] suppressed)
    {
        var bounds = Bounds(values, groups, suppressed);
        var pinned = Enumerable.Range(0, values.Count).Where(c => suppressed[c] && bounds[c].Lo == bounds[c].Hi).Cast<int?>().FirstOrDefault();
        if (pinned is not { } cell)
        {
            return null;
        }

        // Widen the search group by group, from the groups that hold the pinned count outwards.
        var visited = new HashSet<AdditiveGroup>();
        var cells = new HashSet<int> { cell };
        while (true)
        {
            var ring = groups.Where(g => !visited.Contains(g) && g.Members.Any(cells.Contains)).ToList();
            if (ring.Count == 0)
            {
                return null;
            }

            var child = ring.Select(g => SmallestNonZeroChild(g, values, suppressed)).OfType<int>().OrderBy(c => values[c]).ThenBy(c => c).Cast<int?>().FirstOrDefault();
            var parent = ring.Select(g => g.Parent).Where(p => !suppressed[p] && values[p] > 0).OrderBy(p => values[p]).ThenBy(p => p).Cast<int?>().FirstOrDefault();
            if ((child ?? parent) is { } next)
            {
                return next;
            }

            visited.UnionWith(ring);
            cells.UnionWith(ring.SelectMany(g => g.Members));
        }
    }

    private static int? SmallestNonZeroChild(AdditiveGroup group, IReadOnlyList<long> values, bool[] suppressed)
        => group.Children.Where(c => !suppressed[c] && values[c] > 0).OrderBy(c => values[c]).ThenBy(c => c).Cast<int?>().FirstOrDefault();

    /// <summary>
    /// What an attacker can tell of each cell: published cells exactly, suppressed ones from 1 up, narrowed by
    /// every group's sum until nothing changes (capped, so counts that do not add up cannot make it run away).
    /// </summary>
    private static (long Lo, long Hi)[] Bounds(IReadOnlyList<long> values, IReadOnlyList<AdditiveGroup> groups, bool[] suppressed)
    {
        var lo = values.Select((v, c) => suppressed[c] ? 1 : v).ToArray();
        var hi = values.Select((v, c) => suppressed[c] ? Unbounded : v).ToArray();
        var changed = true;
        for (var pass = 0; changed && pass < MaxPropagationPasses; pass++)
        {
            changed = false;
            foreach (var group in groups)
            {
                changed |= Narrow(group.Parent, Sum(group.Children, lo), Sum(group.Children, hi));
                foreach (var child in group.Children)
                {
                    var others = group.Children.Where(c => c != child).ToList();
                    var othersHi = Sum(others, hi);
                    var least = othersHi >= Unbounded ? 0 : lo[group.Parent] - othersHi;
                    var most = hi[group.Parent] >= Unbounded ? Unbounded : hi[group.Parent] - Sum(others, lo);
                    changed |= Narrow(child, least, most);
                }
            }
        }

        return lo.Zip(hi).ToArray();

        bool Narrow(int cell, long least, long most)
        {
            if (!suppressed[cell] || (least <= lo[cell] && most >= hi[cell]))
            {
                return false;
            }

            (lo[cell], hi[cell]) = (Math.Max(lo[cell], least), Math.Min(hi[cell], most));
            return true;
        }
    }

    private static long Sum(IEnumerable<int> cells, long[] bound)
    {
        var sum = 0L;
        foreach (var cell in cells)
        {
            sum = Math.Min(Unbounded, sum + bound[cell]);
        }

        return sum;
    }
}
