using System.Text.RegularExpressions;

namespace Survey.Tests.Docs;

/// <summary>A fenced shell block of a Markdown document: where it starts, its text, and why it is not run (null when it is).</summary>
internal sealed record ShellBlock(string Document, int Line, string Text, string? NotRunBecause);

/// <summary>
/// The shell examples of a Markdown document. Every ```bash or ```sh block is run, unless the line before it (blank
/// lines aside) is <c>&lt;!-- not run: reason --&gt;</c>, or the document says <c>&lt;!-- not run in this file: reason --&gt;</c>.
/// Other fences (```text, ```json, a bare ```) are never run.
/// </summary>
internal static partial class ShellExamples
{
    public static IReadOnlyList<ShellBlock> Blocks(string root, string document)
    {
        var lines = File.ReadAllLines(Path.Combine(root, document));
        var fileReason = lines.Select(l => FileNotRun().Match(l)).FirstOrDefault(m => m.Success)?.Groups["reason"].Value;
        var blocks = new List<ShellBlock>();
        var previous = string.Empty;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                previous = lines[i].Trim().Length > 0 ? lines[i].Trim() : previous;
                continue;
            }

            var indent = fence.Groups["indent"].Value.Length;
            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i].Length >= indent && lines[i][..indent].Trim().Length == 0 ? lines[i][indent..] : lines[i].TrimStart());
            }

            if (fence.Groups["lang"].Value is "bash" or "sh")
            {
                var blockReason = BlockNotRun().Match(previous);
                var reason = blockReason.Success ? blockReason.Groups["reason"].Value : fileReason;
                blocks.Add(new ShellBlock(document, start + 1, string.Join('\n', body), reason));
            }

            previous = string.Empty;
        }

        return blocks;
    }

    /// <summary>One bash script of the document's runnable blocks, in order, each announced by its line on standard error.</summary>
    public static string Script(IEnumerable<ShellBlock> blocks)
        => "set -euo pipefail\n" + string.Concat(blocks
            .Where(b => b.NotRunBecause is null)
            .Select(b => $"echo '== {b.Document}:{b.Line}' >&2\n{b.Text}\n"));

    /// <summary>The curl commands of a script (continuation lines joined) that neither --fail-with-body nor -f makes fail on an HTTP error.</summary>
    public static IReadOnlyList<string> CurlsWithoutFail(string script)
        => Curl().Matches(Continuation().Replace(script, " "))
            .Select(m => m.Value.Trim())
            .Where(curl => !curl.Contains("--fail", StringComparison.Ordinal) && !FailOption().IsMatch(curl))
            .ToList();

    [GeneratedRegex(@"\bcurl\s[^|;&\n]*")]
    private static partial Regex Curl();

    [GeneratedRegex(@"\s*\\\n\s*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s-[a-zA-Z]*f[a-zA-Z]*(\s|$)")]
    private static partial Regex FailOption();

    [GeneratedRegex(@"^(?<indent>\s*)```(?<lang>[\w-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^<!--\s*not run:\s*(?<reason>.*?)\s*-->$")]
    private static partial Regex BlockNotRun();

    [GeneratedRegex(@"^<!--\s*not run in this file:\s*(?<reason>.*?)\s*-->$")]
    private static partial Regex FileNotRun();
}
