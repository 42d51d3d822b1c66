using System.Text.RegularExpressions;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Docs;

/// <summary>Every relative link in README.md and docs/ leads somewhere: the file exists, and so does the heading it names.</summary>
public sealed partial class DocLinksTests
{
    public static TheoryData<string> Documents() => new(DocumentPaths());

    /// <summary>README.md and every document in docs/, relative to the repository root.</summary>
    internal static IEnumerable<string> DocumentPaths()
        => Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Repository.Root, f)).Order(StringComparer.Ordinal).Prepend("README.md");

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_to_a_file_and_heading_that_exist(string document)
    {
        var path = Path.Combine(Repository.Root, document);
        var broken = new List<string>();
        foreach (Match link in Link().Matches(WithoutCode(File.ReadAllText(path))))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no such file");
            }
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
            {
                broken.Add($"{target}: no such heading in {Path.GetFileName(resolved)}");
            }
        }

        Assert.True(broken.Count == 0, $"{document}:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");
    }

    [Fact]
    public void Headings_become_the_anchors_github_makes()
    {
        Assert.Equal("the-real-functions-host", Slug("The real Functions host"));
        Assert.Equal("sending-e-mail-smtp", Slug("Sending e-mail (SMTP)"));
        Assert.Equal("route-1-azd-up", Slug("Route 1: `azd up`"));
    }

    /// <summary>The anchors of a Markdown file's headings, as GitHub makes them (a repeated one gets -1, -2, …).</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutCode(File.ReadAllText(file))))
        {
            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string Slug(string heading)
        => NotInSlug().Replace(heading.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-');

    /// <summary>The text without fenced code blocks, whose lines are neither links nor headings.</summary>
    private static string WithoutCode(string markdown) => Fence().Replace(markdown, string.Empty);

    [GeneratedRegex(@"(?<!!)\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd} _-]")]
    private static partial Regex NotInSlug();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
