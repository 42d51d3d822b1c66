using Microsoft.Extensions.Options;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Catalogue;

/// <summary>A plan as the public picker lists it.</summary>
public sealed record PublicPlan(string PlanKey, string Insurer, string? Plan, string PlanType, string State);

/// <summary>A request to add a plan (and its insurer, when <see cref="InsurerKey"/> is new).</summary>
public sealed record NewPlan(
    string? PlanKey,
    string? InsurerKey,
    string? Insurer,
    string? Plan,
    string? PlanType,
    string? State,
    IReadOnlyList<string>? Names,
    IReadOnlyList<string>? Aliases);

/// <summary>The answer to a catalogue change.</summary>
public abstract record CatalogueChange
{
    private CatalogueChange()
    {
    }

    public sealed record Done : CatalogueChange;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CatalogueChange;

    public sealed record NotFound(string What) : CatalogueChange;

    public sealed record Conflict(string Detail) : CatalogueChange;
}

/// <summary>
/// The plan catalogue: seeded from the catalogue file on first use, kept in table storage, read into a
/// snapshot that each instance refreshes every <see cref="CatalogueOptions.RefreshInterval"/>.
/// </summary>
public sealed class PlanCatalogue : IDisposable
{
    private readonly CatalogueStore _store;
    private readonly TimeProvider _time;
    private readonly CatalogueOptions _options;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (CatalogueSnapshot Snapshot, DateTimeOffset ReadAt)? _current;

    internal PlanCatalogue(CatalogueStore store, TimeProvider time, IOptions<CatalogueOptions> options)
    {
        _store = store;
        _time = time;
        _options = options.Value;
    }

    public async Task<CatalogueSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && _time.GetUtcNow() - current.ReadAt < _options.RefreshInterval)
        {
            return current.Snapshot;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && _time.GetUtcNow() - fresh.ReadAt < _options.RefreshInterval)
            {
                return fresh.Snapshot;
            }

            await _store.SeedAsync(CatalogueSeed.Load(), cancellationToken);
            var snapshot = await _store.LoadAsync(cancellationToken);
            _current = (snapshot, _time.GetUtcNow());
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Makes the next read go to storage (after this instance changed the catalogue).</summary>
    public void Invalidate() => _current = null;

    /// <summary>The live, verified plans for the report form's picker.</summary>
    public async Task<IReadOnlyList<PublicPlan>> ListPublicAsync(CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(cancellationToken);
        return snapshot.LivePlans
            .Select(p => new PublicPlan(p.PlanKey, snapshot.InsurerOf(p).Name, p.Plan, p.PlanType, p.State))
            .OrderBy(p => p.Insurer, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Plan is null ? 0 : 1)
            .ThenBy(p => p.Plan, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<CatalogueChange> AddPlanAsync(NewPlan request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await GetAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!PlanKeys.IsWellFormed(request.PlanKey) || request.PlanKey!.StartsWith(PlanKeys.UnverifiedPrefix, StringComparison.Ordinal))
        {
            errors["planKey"] = [$"Required: lower-case letters, digits and hyphens, not starting with '{PlanKeys.UnverifiedPrefix}'."];
        }

        if (!PlanKeys.IsWellFormed(request.InsurerKey))
        {
            errors["insurerKey"] = ["Required: lower-case letters, digits and hyphens (an existing insurer's key, or a new one with 'insurer')."];
        }

        var existingInsurer = request.InsurerKey is null ? null : snapshot.Insurers.GetValueOrDefault(request.InsurerKey);
        if (existingInsurer is null && string.IsNullOrWhiteSpace(request.Insurer))
        {
            errors["insurer"] = ["Required for a new insurer."];
        }

        var planType = request.PlanType?.Trim().ToLowerInvariant() ?? "unknown";
        if (!ReportSchema.PlanTypes.Contains(planType))
        {
            errors["planType"] = [$"Must be one of: {string.Join(", ", ReportSchema.PlanTypes)}."];
        }

        var state = (request.State ?? existingInsurer?.State)?.Trim().ToUpperInvariant();
        if (state is null || !ReportSchema.StateCodes.Contains(state))
        {
            errors["state"] = ["Must be a US state or territory code."];
        }

        if (errors.Count > 0)
        {
            return new CatalogueChange.Invalid(errors);
        }

        // Checked before the trial snapshot, which cannot hold two plans under one key.
        if (snapshot.Plans.TryGetValue(request.PlanKey!, out var taken))
        {
            return new CatalogueChange.Conflict($"The plan key '{taken.PlanKey}' is taken by {Describe(snapshot, taken)}.");
        }

        var isDefault = string.IsNullOrWhiteSpace(request.Plan);
        var plan = new CataloguePlan(
            request.PlanKey!,
            request.InsurerKey!,
            isDefault ? null : request.Plan!.Trim(),
            planType,
            state!,
            isDefault,
            Clean(request.Names),
            Clean(request.Aliases));
        var insurer = existingInsurer ?? new CatalogueInsurer(request.InsurerKey!, request.Insurer!.Trim(), state!, []);

        // The new plan must not take a phrase that already names another plan.
        var trial = new CatalogueSnapshot(snapshot.Insurers.Values.Where(i => i.Key != insurer.Key).Append(insurer), snapshot.Plans.Values.Append(plan));
        if (trial.Conflicts.Except(snapshot.Conflicts, StringComparer.Ordinal).FirstOrDefault() is { } clash)
        {
            return new CatalogueChange.Conflict($"A name of the new plan ('{clash}' as compared) already names another plan.");
        }

        if (!await _store.AddPlanAsync(existingInsurer is null ? insurer : null, plan, cancellationToken))
        {
            return new CatalogueChange.Conflict($"The plan key '{plan.PlanKey}' is taken.");
        }

        Invalidate();
        return new CatalogueChange.Done();
    }

    public async Task<CatalogueChange> AddAliasAsync(string planKey, string? alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planKey);
        var snapshot = await GetAsync(cancellationToken);
        var text = alias?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > ReportSchema.MaxNameLength * 2 || MatchText.Key(text).Length == 0)
        {
            return new CatalogueChange.Invalid(new Dictionary<string, string[]> { ["alias"] = ["Required: a name of at most 240 characters with letters or digits."] });
        }

        if (!snapshot.Plans.TryGetValue(planKey, out var plan) || plan.MergedInto is not null)
        {
            return new CatalogueChange.NotFound($"No live catalogue plan '{planKey}'.");
        }

        if (snapshot.NamesAnotherPlan(MatchText.Key(text), planKey))
        {
            return new CatalogueChange.Conflict($"'{text}' already names another plan.");
        }

        await _store.AddAliasAsync(planKey, text, cancellationToken);
        Invalidate();
        return new CatalogueChange.Done();
    }

    internal async Task MarkMergedAsync(string planKey, string targetPlanKey, CancellationToken cancellationToken)
    {
        await _store.MarkMergedAsync(planKey, targetPlanKey, cancellationToken);
        Invalidate();
    }

    internal async Task AddAliasUncheckedAsync(string planKey, string alias, CancellationToken cancellationToken)
    {
        await _store.AddAliasAsync(planKey, alias, cancellationToken);
        Invalidate();
    }

    public void Dispose() => _refresh.Dispose();

    private static string Describe(CatalogueSnapshot snapshot, CataloguePlan plan)
    {
        var insurer = snapshot.Insurers.TryGetValue(plan.InsurerKey, out var known) ? known.Name : plan.InsurerKey;
        var name = plan.Plan is null ? $"'{insurer}' (its default plan)" : $"'{insurer} {plan.Plan}'";
        return plan.MergedInto is null ? name : $"{name}, merged into '{plan.MergedInto}'";
    }

    private static List<string> Clean(IReadOnlyList<string>? names)
        => names?.Select(n => n.Trim()).Where(n => n.Length is > 0 and <= ReportSchema.MaxNameLength * 2).Distinct(StringComparer.Ordinal).ToList() ?? [];
}
