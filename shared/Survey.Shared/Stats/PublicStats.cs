using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Survey.Shared.Aggregation;

namespace Survey.Shared.Stats;

/// <summary>
/// A count in the public statistics: a number, or suppressed. In JSON it is the number, or <c>null</c> when
/// suppressed (an empty cell in a spreadsheet); each plan's <see cref="PublicPlanStats.Suppressed"/> names its
/// suppressed cells, so a <c>null</c> is never ambiguous.
/// </summary>
[JsonConverter(typeof(PublicCountJsonConverter))]
public readonly record struct PublicCount
{
    private PublicCount(long? value) => Value = value;

    /// <summary>A suppressed count. It is also the default, so a count nobody set is never published by mistake.</summary>
    public static PublicCount Suppressed => default;

    /// <summary>The published number, or null when suppressed.</summary>
    public long? Value { get; }

    public bool IsSuppressed => Value is null;

    public static PublicCount Of(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new PublicCount(value);
    }

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? "suppressed";
}

/// <summary>One setting's public counts: its reports and their outcomes.</summary>
public sealed record PublicSettingStats(PublicCount Reports, IReadOnlyDictionary<string, PublicCount> Outcomes);

/// <summary>
/// One catalogue plan's public counts: the shape of <c>GET /api/stats/plans</c>, counts only. Names are the
/// catalogue's; <see cref="Suppressed"/> lists the paths of the suppressed counts
/// (<c>reports</c>, <c>bySetting.home.reports</c>, <c>bySetting.home.outcomes.denied</c>, <c>byRole.family</c>,
/// <c>priorAuthorizationRequired.yes</c>), in the order the counts appear.
/// </summary>
public sealed record PublicPlanStats(
    string PlanKey,
    string Insurer,
    string? Plan,
    PublicCount Reports,
    IReadOnlyDictionary<string, PublicSettingStats> BySetting,
    IReadOnlyDictionary<string, PublicCount> ByRole,
    IReadOnlyDictionary<string, PublicCount> PriorAuthorizationRequired,
    IReadOnlyList<string> Suppressed);

/// <summary>
/// The answer of <c>GET /api/public/stats</c>: when the snapshot was taken (<see cref="AsOf"/>; null, with no
/// plans, before the first snapshot), the threshold in force and the catalogue plans.
/// </summary>
public sealed record PublicStatsAnswer(int SuppressBelowOrEqual, IReadOnlyList<PublicPlanStats> Plans)
{
    [JsonPropertyOrder(-1)]
    public DateTimeOffset? AsOf { get; init; }
}

/// <summary>
/// The statistics anyone may read: counts per catalogue plan, with small-cell and complementary suppression.
/// <list type="bullet">
/// <item>Only <b>verified (catalogue) plans</b> are published. An unverified plan is named by what a family
/// typed (free text), so it is left out entirely, with its counts; nothing sums across plans, so leaving it out
/// changes no other number.</item>
/// <item>Only <b>counts</b>: no rates, out-of-pocket amounts, denial reasons, advocacy actions or
/// "told covered" answers. Rates and medians are functions of small numbers and would leak them; the other
/// counters are not part of the additive groups checked here.</item>
/// <item>Plans are ordered by insurer and plan name, not by reports, so the order says nothing about a
/// suppressed total.</item>
/// </list>
/// Suppression protects one table. Two answers to different filters (months, role, setting, …) could be
/// subtracted from one another, so the public endpoint serves one table only: all time, no filters.
/// <para>Against padding (add reports to a suppressed cell, read, subtract, withdraw them) the figures are
/// never live: a timer takes a frozen snapshot (<see cref="PublicSnapshotStore"/>, schedule
/// <c>Survey:Public:SnapshotSchedule</c>), and every published count is perturbed by its cell key
/// (<see cref="CellKeyPerturbation"/>). Suppression is decided on the true counts.</para>
/// </summary>
public sealed class PublicStatsService
{
    private readonly PlanStatsReader _reader;
    private readonly PublicSnapshotStore _snapshots;
    private readonly IOptions<PublicStatsOptions> _options;
    private readonly TimeProvider _time;

    internal PublicStatsService(PlanStatsReader reader, PublicSnapshotStore snapshots, IOptions<PublicStatsOptions> options, TimeProvider time)
    {
        _reader = reader;
        _snapshots = snapshots;
        _options = options;
        _time = time;
    }

    /// <summary>
    /// The public statistics as the latest snapshot holds them; before the first snapshot, no plans and no
    /// <see cref="PublicStatsAnswer.AsOf"/>. A read never computes figures, so reading does not move them.
    /// </summary>
    public async Task<PublicStatsAnswer> GetAsync(CancellationToken cancellationToken)
        => await _snapshots.ReadLatestAsync(cancellationToken) ?? new PublicStatsAnswer(_options.Value.SuppressBelowOrEqual, []);

    /// <summary>Takes a snapshot of the public statistics now (the timer, or the committee through the admin route) and returns it.</summary>
    public async Task<PublicStatsAnswer> TakeSnapshotAsync(CancellationToken cancellationToken)
    {
        var answer = Publish(await _reader.ListWithCellKeysAsync(cancellationToken), _options.Value.SuppressBelowOrEqual) with { AsOf = _time.GetUtcNow() };
        await _snapshots.SaveAsync(answer, cancellationToken);
        return answer;
    }

    /// <summary>The public answer for the committee's statistics without cell keys (every cell key 0).</summary>
    public static PublicStatsAnswer Publish(PlanStatsList stats, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return Publish(stats.Plans.Select(p => (p, (IReadOnlyDictionary<string, long>)new Dictionary<string, long>())), suppressBelowOrEqual);
    }

    /// <summary>
    /// The public answer for the committee's statistics: catalogue plans only, by name, each suppressed on its true
    /// counts and then perturbed by its cell keys (<see cref="Perturb"/>).
    /// </summary>
    public static PublicStatsAnswer Publish(IEnumerable<(PlanStats Plan, IReadOnlyDictionary<string, long> CellKeys)> stats, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var plans = stats
            .Where(p => p.Plan.Verified)
            .OrderBy(p => p.Plan.Insurer, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Plan.Plan ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Plan.PlanKey, StringComparer.Ordinal)
            .Select(p => Perturb(Suppress(p.Plan, suppressBelowOrEqual), p.CellKeys, suppressBelowOrEqual))
            .ToList();
        return new PublicStatsAnswer(suppressBelowOrEqual, plans);
    }

    /// <summary>
    /// The suppressed plan with every published count perturbed by the cell key of its counter
    /// (<paramref name="cellKeys"/>: the <c>key:</c> sums of the plan's total; a missing one counts as 0).
    /// Suppressed counts stay suppressed and zeros stay 0.
    /// </summary>
    public static PublicPlanStats Perturb(PublicPlanStats plan, IReadOnlyDictionary<string, long> cellKeys, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cellKeys);
        PublicCount Noisy(PublicCount count, string counter) => count.Value is { } value
            ? PublicCount.Of(CellKeyPerturbation.Publish(value, CellKeyPerturbation.CellKeyOf(cellKeys.GetValueOrDefault(ReportCounters.CellKey(counter))), suppressBelowOrEqual))
            : count;
        return plan with
        {
            Reports = Noisy(plan.Reports, ReportCounters.Reports),
            BySetting = plan.BySetting.ToDictionary(
                s => s.Key,
                s => new PublicSettingStats(
                    Noisy(s.Value.Reports, ReportCounters.Setting(s.Key)),
                    s.Value.Outcomes.ToDictionary(o => o.Key, o => Noisy(o.Value, ReportCounters.SettingOutcome(s.Key, o.Key)), StringComparer.Ordinal)),
                StringComparer.Ordinal),
            ByRole = plan.ByRole.ToDictionary(r => r.Key, r => Noisy(r.Value, ReportCounters.Role(r.Key)), StringComparer.Ordinal),
            PriorAuthorizationRequired = plan.PriorAuthorizationRequired.ToDictionary(a => a.Key, a => Noisy(a.Value, ReportCounters.PriorAuthorization(a.Key)), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// One plan's counts as the public may see them: counts from 1 to <paramref name="suppressBelowOrEqual"/>
    /// suppressed, then enough other counts suppressed that none of them can be worked out from the rest
    /// (<see cref="CellSuppression"/>). Zero is published as 0. Pure; the names are copied as they are.
    /// </summary>
    public static PublicPlanStats Suppress(PlanStats plan, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(suppressBelowOrEqual, 1);
        var paths = new List<string>();
        var values = new List<long>();
        int Cell(string path, long value)
        {
            paths.Add(path);
            values.Add(value);
            return paths.Count - 1;
        }

        var total = Cell("reports", plan.Reports);
        var settings = plan.BySetting
            .Select(s => (
                Setting: s.Key,
                Reports: Cell($"bySetting.{s.Key}.reports", s.Value.Reports),
                Outcomes: s.Value.Outcomes.Select(o => (Outcome: o.Key, Cell: Cell($"bySetting.{s.Key}.outcomes.{o.Key}", o.Value))).ToList()))
            .ToList();
        var roles = plan.ByRole.Select(r => (Role: r.Key, Cell: Cell($"byRole.{r.Key}", r.Value))).ToList();
        var priorAuth = plan.PriorAuthorizationRequired.Select(a => (Answer: a.Key, Cell: Cell($"priorAuthorizationRequired.{a.Key}", a.Value))).ToList();

        var groups = new List<AdditiveGroup> { new(total, settings.Select(s => s.Reports).ToList()) };
        groups.AddRange(settings.Select(s => new AdditiveGroup(s.Reports, s.Outcomes.Select(o => o.Cell).ToList())));
        groups.Add(new AdditiveGroup(total, roles.Select(r => r.Cell).ToList()));
        groups.Add(new AdditiveGroup(total, priorAuth.Select(a => a.Cell).ToList()));

        var suppressed = CellSuppression.Suppress(values, groups, suppressBelowOrEqual);
        PublicCount Count(int cell) => suppressed[cell] ? PublicCount.Suppressed : PublicCount.Of(values[cell]);
        return new PublicPlanStats(
            plan.PlanKey,
            plan.Insurer,
            plan.Plan,
            Count(total),
            settings.ToDictionary(s => s.Setting, s => new PublicSettingStats(Count(s.Reports), s.Outcomes.ToDictionary(o => o.Outcome, o => Count(o.Cell), StringComparer.Ordinal)), StringComparer.Ordinal),
            roles.ToDictionary(r => r.Role, r => Count(r.Cell), StringComparer.Ordinal),
            priorAuth.ToDictionary(a => a.Answer, a => Count(a.Cell), StringComparer.Ordinal),
            paths.Where((_, cell) => suppressed[cell]).ToList());
    }
}

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

/// <summary>Writes a <see cref="PublicCount"/> as its number, or <c>null</c> when suppressed.</summary>
internal sealed class PublicCountJsonConverter : JsonConverter<PublicCount>
{
    public override PublicCount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? PublicCount.Suppressed : PublicCount.Of(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, PublicCount value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
