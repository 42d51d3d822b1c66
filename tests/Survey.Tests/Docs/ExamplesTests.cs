using System.Diagnostics;
using System.Security.Cryptography;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Docs;

/// <summary>
/// Every shell example of README.md and docs/ runs as written, top to bottom per document in one bash session,
/// against a fresh local runner on a fresh Azurite, as a new user would run them (see <see cref="ShellExamples"/> for
/// which blocks run). The runner's keys are random, so an example that does not read them from the variables fails.
/// </summary>
[Trait("Category", "Slow")] // a fresh Azurite and runner per document, and the documents' own waits
public sealed class ExamplesTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(3);

    public static TheoryData<string> DocumentsWithExamples() => new(
        DocLinksTests.DocumentPaths().Where(d => ShellExamples.Blocks(Repository.Root, d).Any(b => b.NotRunBecause is null)));

    [Theory]
    [MemberData(nameof(DocumentsWithExamples))]
    public async Task Every_shell_example_of_the_document_runs_top_to_bottom_against_a_fresh_local_runner(string document)
    {
        var script = ShellExamples.Script(ShellExamples.Blocks(Repository.Root, document));
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            var committeeKey = "examples-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
            var masterKey = "examples-master-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
            await using var runner = await InProcessRunner.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
            {
                ["Local:CommitteeKeys:committee"] = committeeKey,
                ["Local:MasterKey"] = masterKey,
            });

            var (exitCode, output) = await RunBashAsync(script, new Dictionary<string, string>
            {
                ["BASE"] = runner.Client.BaseAddress!.ToString().TrimEnd('/'),
                ["COMMITTEE_KEY"] = committeeKey,
                ["MASTER_KEY"] = masterKey,
            });

            Assert.True(exitCode == 0, $"The examples of {document} stopped with exit code {exitCode} (the last '== {document}:line' names the block):{Environment.NewLine}{output}");
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public void Every_shell_block_that_is_not_run_says_why()
    {
        var skipped = DocLinksTests.DocumentPaths()
            .SelectMany(d => ShellExamples.Blocks(Repository.Root, d))
            .Where(b => b.NotRunBecause is not null)
            .ToList();

        Assert.All(skipped, b => Assert.True(b.NotRunBecause!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4, $"{b.Document}:{b.Line} is not run without a reason"));
        Assert.Contains(skipped, b => b.Document == "README.md");   // the two set-up commands, which serve and test
    }

    [Fact]
    public void Every_curl_of_a_run_example_fails_on_an_http_error()
    {
        var lax = DocLinksTests.DocumentPaths()
            .SelectMany(d => ShellExamples.Blocks(Repository.Root, d))
            .Where(b => b.NotRunBecause is null)
            .SelectMany(b => ShellExamples.CurlsWithoutFail(b.Text).Select(curl => $"{b.Document}:{b.Line}: {curl}"))
            .ToList();

        Assert.True(lax.Count == 0, "These curl commands would let an HTTP error pass (add --fail-with-body):" + Environment.NewLine + string.Join(Environment.NewLine, lax));
    }

    [Fact]
    public void A_curl_without_a_fail_option_is_found_and_one_with_it_is_not()
    {
        var found = ShellExamples.CurlsWithoutFail("curl -s -X POST \"$BASE/x\" \\\n  -H 'x-functions-key: k' -d '{}'\ncurl -sf \"$BASE/y\" && curl -sS --fail-with-body \"$BASE/z\" | jq .");

        Assert.Equal(["curl -s -X POST \"$BASE/x\" -H 'x-functions-key: k' -d '{}'"], found);
    }

    [Fact]
    public void A_block_marked_not_run_is_skipped_and_the_blocks_around_it_run_in_order()
    {
        var directory = Directory.CreateTempSubdirectory("survey-examples-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "doc.md"), string.Join('\n',
                "# Doc", "```bash", "A=1", "```", "<!-- not run: it would fail here -->", "", "```bash", "exit 9", "```",
                "```json", "{}", "```", "- a list", "  ```sh", "  B=$((A + 1))", "  ```"));

            var blocks = ShellExamples.Blocks(directory.FullName, "doc.md");

            Assert.Equal([(2, "A=1", (string?)null), (7, "exit 9", "it would fail here"), (14, "B=$((A + 1))", null)], blocks.Select(b => (b.Line, b.Text, b.NotRunBecause)));
            Assert.Equal("set -euo pipefail\necho '== doc.md:2' >&2\nA=1\necho '== doc.md:14' >&2\nB=$((A + 1))\n", ShellExamples.Script(blocks));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, Dictionary<string, string> environment)
    {
        var directory = Directory.CreateTempSubdirectory("survey-examples-");
        try
        {
            var file = Path.Combine(directory.FullName, "examples.sh");
            await File.WriteAllTextAsync(file, script);
            var start = new ProcessStartInfo("bash", [file])
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(Budget);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                output.Enqueue($"(killed after {Budget.TotalMinutes} minutes)");
                return (-1, string.Join(Environment.NewLine, output.TakeLast(80)));
            }

            return (process.ExitCode, string.Join(Environment.NewLine, output.TakeLast(80)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
