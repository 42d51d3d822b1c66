using System.Text.RegularExpressions;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Docs;

/// <summary>The README is the door: short, its layout near the top and complete, its test command the one CI runs.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string[] NotInLayout = ["bin", "obj", "node_modules", "TestResults", "artifacts"];
    private static readonly string[] Projects = ["functions", "shared", "tests"];

    private static string Readme => File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    [Fact]
    public void The_readme_has_at_most_150_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md")).Length;

        Assert.True(lines <= 150, $"README.md has {lines} lines; move detail into docs/ and link to it.");
    }

    [Fact]
    public void The_layout_comes_before_the_examples_and_names_every_folder_and_feature()
    {
        var sections = Heading().Matches(Readme).Select(m => m.Groups["text"].Value).ToList();
        Assert.True(sections.IndexOf("Layout") is >= 0 and var layoutAt && layoutAt < sections.IndexOf("Try it"), "## Layout comes before ## Try it");

        var layout = Layout();
        var expected = Folders(Repository.Root).Where(f => !f.StartsWith('.') || f == ".ci").Select(f => f + "/")
            .Concat(Projects.SelectMany(top => Folders(Path.Combine(Repository.Root, top)).Select(p => $"{top}/{p}")))
            .Concat(Folders(Path.Combine(Repository.Root, "shared", "Survey.Shared")).Select(f => f + "/"))
            .Concat(Folders(Path.Combine(Repository.Root, "functions", "Survey.Functions")).Select(f => f + "/"));

        var missing = expected.Distinct().Where(f => !layout.Contains(f, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "README.md's Layout does not name: " + string.Join(", ", missing));
    }

    [Fact]
    public void Ci_runs_the_test_command_the_readme_gives_and_installs_jq_for_the_examples()
    {
        var setUp = ShellExamples.Blocks(Repository.Root, "README.md")[0];
        var testCommand = setUp.Text.Split('\n').Select(l => l.Split('#')[0].Trim()).Single(l => l.StartsWith("dotnet test", StringComparison.Ordinal));
        var ci = File.ReadAllLines(Path.Combine(Repository.Root, ".ci", "run"));

        Assert.Contains(ci, l => l.Trim().StartsWith(testCommand + " ", StringComparison.Ordinal) || l.Trim() == testCommand);
        Assert.Contains(ci, l => l.Contains("apt-get install", StringComparison.Ordinal) && l.Contains(" jq", StringComparison.Ordinal));
    }

    private static string Layout()
    {
        var readme = Readme;
        var start = readme.IndexOf("## Layout", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end];
    }

    private static IEnumerable<string> Folders(string path)
        => Directory.GetDirectories(path).Select(Path.GetFileName).OfType<string>()
            .Where(name => !NotInLayout.Contains(name) && name is not ".git" and not ".data" and not ".vs" and not ".idea" and not ".azure")
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^## (?<text>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
