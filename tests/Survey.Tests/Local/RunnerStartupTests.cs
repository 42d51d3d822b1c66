using Survey.Tests.Infrastructure;

namespace Survey.Tests.Local;

/// <summary>What an operator sees when the app starts: the runner and the worker as processes, as they are run.</summary>
public sealed class RunnerStartupTests
{
    private const string Sentence = "Survey:Intake:RetryAfterSeconds must be between 1 and 3600.";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_bad_setting_stops_the_runner_with_its_sentence_printed_first_and_once_before_Azurite_starts()
    {
        var data = Path.Combine(Path.GetTempPath(), "survey-bad-setting-" + Guid.NewGuid().ToString("N"));

        var (exitCode, output) = await RunnerProcess.RunToExitAsync("Survey.Local.dll", new Dictionary<string, string>
        {
            ["Survey__Intake__RetryAfterSeconds"] = "0",
            ["Local__DataDirectory"] = data,
        }, ExitTimeout, "--urls", $"http://127.0.0.1:{RunnerProcess.FreePort()}");

        StoppedWithTheSentenceFirstAndOnce(exitCode, output);
        Assert.False(Directory.Exists(data), "Azurite was started for a runner that could not start.");
    }

    [Fact]
    public async Task A_bad_setting_stops_the_worker_with_its_sentence_printed_first_and_once_and_a_non_zero_exit_code()
    {
        var (exitCode, output) = await RunnerProcess.RunToExitAsync("Survey.Functions.dll", new Dictionary<string, string>
        {
            // What the Functions host gives its worker; nothing listens there, and the worker must not get that far.
            ["Functions__Worker__HostEndpoint"] = $"http://127.0.0.1:{RunnerProcess.FreePort()}",
            ["AzureWebJobsStorage"] = Unreachable.ConnectionString,
            ["Survey__Campaigns__PublicBaseUrl"] = "https://survey.example.org/api",
            ["Survey__Intake__RetryAfterSeconds"] = "0",
        }, ExitTimeout);

        StoppedWithTheSentenceFirstAndOnce(exitCode, output);
    }

    private static void StoppedWithTheSentenceFirstAndOnce(int exitCode, IReadOnlyList<string> output)
    {
        var printed = string.Join(Environment.NewLine, output);
        Assert.True(exitCode != 0, "Exit code 0 after:" + Environment.NewLine + printed);
        Assert.True(output.Count > 0 && output[0] == Sentence, "The first line is not the sentence:" + Environment.NewLine + printed);
        Assert.Single(output, line => line.Contains(Sentence, StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }
}
