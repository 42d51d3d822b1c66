using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Survey.Shared.Forms;

/// <summary>One static file of the report form (its stylesheet or its script), served from the assembly.</summary>
public sealed record FormAsset(string Name, string ContentType, byte[] Content, string Version);

/// <summary>
/// The form's stylesheet and script, embedded in the assembly (no build step, no CDN). Pages link them with
/// <c>?v=</c> and a hash of their content, so a new version is fetched as soon as it is deployed.
/// </summary>
public static class FormAssets
{
    public const string Stylesheet = "form.css";
    public const string Script = "form.js";

    /// <summary>How long browsers may keep a file (a day; the version in the link changes with the content).</summary>
    public const string CacheControl = "public, max-age=86400";

    private static readonly FrozenDictionary<string, FormAsset> All = new[]
    {
        Load(Stylesheet, "text/css; charset=utf-8"),
        Load(Script, "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The asset named exactly <paramref name="name"/>.</summary>
    public static bool TryGet(string? name, out FormAsset asset)
    {
        asset = null!;
        return name is not null && All.TryGetValue(name, out asset!);
    }

    /// <summary>The versioned URL of an asset.</summary>
    public static string Url(string name) => $"{FormPage.Path}/assets/{name}?v={All[name].Version}";

    private static FormAsset Load(string name, string contentType)
    {
        using var stream = typeof(FormAssets).Assembly.GetManifestResourceStream("Survey.Shared.Forms.Assets." + name)
                           ?? throw new InvalidOperationException($"The embedded form asset {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        return new FormAsset(name, contentType, content, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    }
}
