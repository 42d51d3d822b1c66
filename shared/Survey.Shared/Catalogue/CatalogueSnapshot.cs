using Survey.Shared.Plans;

namespace Survey.Shared.Catalogue;

/// <summary>An insurer of the catalogue.</summary>
public sealed record CatalogueInsurer(string Key, string Name, string State, IReadOnlyList<string> Aliases);

/// <summary>A plan of the catalogue. <see cref="MergedInto"/> is set once it has been merged into another plan.</summary>
public sealed record CataloguePlan(
    string PlanKey,
    string InsurerKey,
    string? Plan,
    string PlanType,
    string State,
    bool IsDefault,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Aliases,
    string? MergedInto = null);

/// <summary>Where a typed insurer and plan name are counted.</summary>
public sealed record PlanResolution(string PlanKey, bool Verified);

/// <summary>
/// The catalogue at one moment, with every phrase that names a plan in <see cref="MatchText"/> form:
/// each insurer name or alias alone (its default plan), followed by each plan name of that insurer, and
/// each plan's own aliases. A phrase that would name two plans names none: matching never guesses.
/// </summary>
public sealed class CatalogueSnapshot
{
    private readonly Dictionary<string, string?> _phrases = new(StringComparer.Ordinal);
    private readonly List<string> _conflicts = [];

    public CatalogueSnapshot(IEnumerable<CatalogueInsurer> insurers, IEnumerable<CataloguePlan> plans)
    {
        Insurers = insurers.ToDictionary(i => i.Key, StringComparer.Ordinal);
        Plans = plans.ToDictionary(p => p.PlanKey, StringComparer.Ordinal);
        foreach (var plan in Plans.Values)
        {
            var target = Final(plan.PlanKey);
            foreach (var phrase in PhrasesOf(plan))
            {
                Add(phrase, target);
            }
        }
    }

    public IReadOnlyDictionary<string, CatalogueInsurer> Insurers { get; }

    public IReadOnlyDictionary<string, CataloguePlan> Plans { get; }

    /// <summary>Phrases (in <see cref="MatchText"/> form) that name more than one plan, so name none.</summary>
    public IReadOnlyList<string> Conflicts => _conflicts;

    /// <summary>The plans that count reports now (not merged into another).</summary>
    public IEnumerable<CataloguePlan> LivePlans => Plans.Values.Where(p => p.MergedInto is null);

    public CatalogueInsurer InsurerOf(CataloguePlan plan) => Insurers[plan.InsurerKey];

    /// <summary>The plan a report with these names counts under; an unverified plan when the catalogue does not know the names.</summary>
    public PlanResolution Resolve(string insurer, string? plan)
    {
        ArgumentNullException.ThrowIfNull(insurer);
        if (Find(MatchText.Key(insurer, plan)) is { } together)
        {
            return new PlanResolution(together, Verified: true);
        }

        // A plan named on its own ("Tufts Health Together"), when the insurer text names that plan's insurer.
        if (!string.IsNullOrWhiteSpace(plan)
            && Find(MatchText.Key(plan)) is { } alone
            && Find(MatchText.Key(insurer)) is { } insurerDefault
            && Plans[alone].InsurerKey == Plans[insurerDefault].InsurerKey)
        {
            return new PlanResolution(alone, Verified: true);
        }

        return new PlanResolution(PlanKeys.Unverified(insurer, plan), Verified: false);
    }

    /// <summary>The live plan a phrase names, or null when it names none or more than one.</summary>
    public string? Find(string matchKey)
        => matchKey.Length > 0 && _phrases.TryGetValue(matchKey, out var planKey) ? planKey : null;

    /// <summary>True when the phrase is known and names a plan other than <paramref name="planKey"/> (or several).</summary>
    public bool NamesAnotherPlan(string matchKey, string planKey)
        => _phrases.TryGetValue(matchKey, out var owner) && owner != Final(planKey);

    /// <summary>Follows merges to the plan that counts a catalogue plan's reports now.</summary>
    public string Final(string planKey)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Plans.TryGetValue(planKey, out var plan) && plan.MergedInto is { } next && seen.Add(planKey))
        {
            planKey = next;
        }

        return planKey;
    }

    private IEnumerable<string> PhrasesOf(CataloguePlan plan)
    {
        if (Insurers.TryGetValue(plan.InsurerKey, out var insurer))
        {
            var insurerNames = insurer.Aliases.Prepend(insurer.Name).Select(MatchText.Key).Distinct(StringComparer.Ordinal).ToList();
            if (plan.IsDefault)
            {
                foreach (var name in insurerNames)
                {
                    yield return name;
                }
            }
            else
            {
                var planNames = plan.Names.Append(plan.Plan ?? string.Empty).Select(MatchText.Key).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                foreach (var name in insurerNames)
                {
                    foreach (var planName in planNames)
                    {
                        yield return name + planName;
                    }
                }
            }
        }

        foreach (var alias in plan.Aliases)
        {
            yield return MatchText.Key(alias);
        }
    }

    private void Add(string phrase, string planKey)
    {
        if (phrase.Length == 0)
        {
            return;
        }

        if (!_phrases.TryGetValue(phrase, out var existing))
        {
            _phrases[phrase] = planKey;
        }
        else if (existing is not null && existing != planKey)
        {
            _phrases[phrase] = null;
            _conflicts.Add(phrase);
        }
    }
}
