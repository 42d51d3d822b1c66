using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Faults;

/// <summary>The load and fault tests: each with an Azurite of its own, run one at a time after the other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsGroup
{
    public const string Name = "faults";

    /// <summary>The local runner in-process on a free port, with its own settings (no rate limits), logging nothing.</summary>
    internal static async Task<(WebApplication App, HttpClient Client)> StartRunnerAsync(string connectionString, Dictionary<string, string?> settings)
    {
        var runner = await InProcessRunner.StartAsync(connectionString, [.. ServiceFixture.Unlimited, .. settings], LogLevel.None);
        return (runner.App, runner.Client);
    }
}
