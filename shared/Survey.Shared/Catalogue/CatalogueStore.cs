using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Catalogue;

/// <summary>
/// Table layout of the plan catalogue (table <c>catalogue</c>): partition <c>insurer</c> (RowKey =
/// insurer key), partition <c>plan</c> (RowKey = plan key; names and aliases as JSON lists, and
/// <c>MergedInto</c> once merged), and <c>meta</c>/<c>seed</c> with the catalogue file version seeded.
/// Small: read whole into a snapshot.
/// </summary>
internal sealed class CatalogueStore(SurveyStorage storage)
{
    private const string InsurerPartition = "insurer";
    private const string PlanPartition = "plan";
    private const string MetaPartition = "meta";
    private const string SeedRow = "seed";

    /// <summary>Adds what the catalogue file has and the table lacks; entries already there (maybe edited by the committee) stay.</summary>
    public async Task SeedAsync(CatalogueSeed seed, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var meta = await storage.Catalogue.GetEntityIfExistsAsync<TableEntity>(MetaPartition, SeedRow, cancellationToken: cancellationToken);
        if (meta.HasValue && meta.Value!.GetInt32("Version") >= seed.Version)
        {
            return;
        }

        foreach (var insurer in seed.Insurers)
        {
            await AddIfMissingAsync(ToEntity(new CatalogueInsurer(insurer.Key, insurer.Name, insurer.State, insurer.Aliases)), cancellationToken);
            foreach (var plan in insurer.Plans)
            {
                await AddIfMissingAsync(
                    ToEntity(new CataloguePlan(plan.Key, insurer.Key, plan.Name, plan.PlanType, insurer.State, plan.Default, plan.Names, plan.Aliases)),
                    cancellationToken);
            }
        }

        await storage.Catalogue.UpsertEntityAsync(new TableEntity(MetaPartition, SeedRow) { ["Version"] = seed.Version }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<CatalogueSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var insurers = new List<CatalogueInsurer>();
        var plans = new List<CataloguePlan>();
        await foreach (var entity in storage.Catalogue.QueryAsync<TableEntity>(e => e.PartitionKey == InsurerPartition || e.PartitionKey == PlanPartition, cancellationToken: cancellationToken))
        {
            if (entity.PartitionKey == InsurerPartition)
            {
                insurers.Add(new CatalogueInsurer(entity.RowKey, entity.GetString("Name"), entity.GetString("State"), List(entity, "Aliases")));
            }
            else
            {
                plans.Add(ToPlan(entity));
            }
        }

        return new CatalogueSnapshot(insurers, plans);
    }

    /// <summary>Adds a plan (and its insurer when new). False when the plan key is taken.</summary>
    public async Task<bool> AddPlanAsync(CatalogueInsurer? newInsurer, CataloguePlan plan, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        if (newInsurer is not null)
        {
            await AddIfMissingAsync(ToEntity(newInsurer), cancellationToken);
        }

        try
        {
            await storage.Catalogue.AddEntityAsync(ToEntity(plan), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            return false;
        }
    }

    /// <summary>Adds an alias to a plan; idempotent. False when the plan does not exist.</summary>
    public async Task<bool> AddAliasAsync(string planKey, string alias, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await storage.Catalogue.GetEntityIfExistsAsync<TableEntity>(PlanPartition, planKey, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return false;
            }

            var entity = response.Value!;
            var aliases = List(entity, "Aliases").ToList();
            if (aliases.Contains(alias, StringComparer.Ordinal))
            {
                return true;
            }

            aliases.Add(alias);
            entity["Aliases"] = JsonSerializer.Serialize(aliases, CatalogueJsonContext.Default.ListString);
            try
            {
                await storage.Catalogue.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Someone else changed the plan meanwhile: read it again.
            }
        }
    }

    /// <summary>Marks a catalogue plan as merged into another; idempotent.</summary>
    public async Task MarkMergedAsync(string planKey, string targetPlanKey, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PlanPartition, planKey) { ["MergedInto"] = targetPlanKey };
        await storage.Catalogue.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task AddIfMissingAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Catalogue.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            // Already there, maybe edited by the committee: kept as it is.
        }
    }

    private static TableEntity ToEntity(CatalogueInsurer insurer) => new(InsurerPartition, insurer.Key)
    {
        ["Name"] = insurer.Name,
        ["State"] = insurer.State,
        ["Aliases"] = JsonSerializer.Serialize(insurer.Aliases.ToList(), CatalogueJsonContext.Default.ListString),
    };

    private static TableEntity ToEntity(CataloguePlan plan) => new(PlanPartition, plan.PlanKey)
    {
        ["InsurerKey"] = plan.InsurerKey,
        ["Plan"] = plan.Plan,
        ["PlanType"] = plan.PlanType,
        ["State"] = plan.State,
        ["IsDefault"] = plan.IsDefault,
        ["Names"] = JsonSerializer.Serialize(plan.Names.ToList(), CatalogueJsonContext.Default.ListString),
        ["Aliases"] = JsonSerializer.Serialize(plan.Aliases.ToList(), CatalogueJsonContext.Default.ListString),
        ["MergedInto"] = plan.MergedInto,
    };

    private static CataloguePlan ToPlan(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("InsurerKey"),
        entity.GetString("Plan"),
        entity.GetString("PlanType") ?? "unknown",
        entity.GetString("State"),
        entity.GetBoolean("IsDefault") ?? false,
        List(entity, "Names"),
        List(entity, "Aliases"),
        entity.GetString("MergedInto"));

    private static List<string> List(TableEntity entity, string property)
        => entity.GetString(property) is { Length: > 0 } json ? JsonSerializer.Deserialize(json, CatalogueJsonContext.Default.ListString) ?? [] : [];
}
