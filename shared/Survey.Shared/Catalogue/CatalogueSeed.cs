using System.Text.Json;
using System.Text.Json.Serialization;

namespace Survey.Shared.Catalogue;

/// <summary>The catalogue file (<c>Catalogue/plans.json</c>): insurers and their plans, with aliases.</summary>
public sealed record CatalogueSeed(int Version, IReadOnlyList<InsurerSeed> Insurers)
{
    private const string ResourceName = "Survey.Shared.Catalogue.plans.json";

    /// <summary>The catalogue file shipped with the app (embedded, so it deploys with the code).</summary>
    public static CatalogueSeed Load()
    {
        using var stream = typeof(CatalogueSeed).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The embedded catalogue {ResourceName} is missing.");
        return JsonSerializer.Deserialize(stream, CatalogueJsonContext.Default.CatalogueSeed)
               ?? throw new InvalidOperationException("The catalogue file is empty.");
    }
}

/// <summary>An insurer in the catalogue file.</summary>
public sealed record InsurerSeed(string Key, string Name, string State, IReadOnlyList<string> Aliases, IReadOnlyList<PlanSeed> Plans);

/// <summary>A plan in the catalogue file. The insurer's default plan (no name) counts reports that name no plan.</summary>
public sealed record PlanSeed(
    string Key,
    string? Name,
    string PlanType,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Aliases,
    bool Default = false);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CatalogueSeed))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CatalogueJsonContext : JsonSerializerContext;
