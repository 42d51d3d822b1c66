using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Local;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Privacy;

/// <summary>
/// Runs each <see cref="PrivacyScenarios"/> scenario against the local runner with every log line captured
/// (all categories and levels), and finds none of the scenario's personal data, narrative or key in them.
/// The runner has an Azurite of its own, so the aggregation of these reports is logged here and nowhere else. The
/// scenarios share that Azurite and one MailDev (each finds its mail by an address no other scenario uses); each has
/// a runner of its own, so each captures only its own log lines.
/// </summary>
public sealed class LogPrivacyTests(AzuriteFixture azurite, MailDevFixture mailDevFixture) : IClassFixture<AzuriteFixture>, IClassFixture<MailDevFixture>
{
    private const string Key = "privacy-committee-key-5b0c7e";

    public static TheoryData<string> Scenarios => [.. PrivacyScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task No_log_line_contains_the_scenario_s_personal_data_narrative_or_key(string name)
    {
        var scenario = PrivacyScenarios.All.Single(s => s.Name == name);
        LogCapture capture = null!;
        var mailDev = mailDevFixture.MailDev;
        await using var app = await LocalRunner.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionName] = azurite.ConnectionString,
                ["Local:CommitteeKeys:privacy"] = Key,
            });
            builder.Configuration.AddInMemoryCollection(ServiceFixture.Unlimited);
            builder.Configuration.AddInMemoryCollection(MailDev.SmtpSettings(mailDev.SmtpPort));
            capture = LogCapture.AddTo(builder.Logging);
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var context = new PrivacyContext(client, Key, azurite.ConnectionString, mailDev) { Log = () => capture.Lines };
        await scenario.RunAsync(context);
        await app.StopAsync();

        Assert.NotEmpty(capture.Lines);
        Assert.Contains(capture.Lines, line => line.StartsWith("Debug ", StringComparison.Ordinal) || line.StartsWith("Trace ", StringComparison.Ordinal));
        var leaks = capture.Leaks([.. scenario.Secrets, .. context.Learned, Key]);
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines leak:{Environment.NewLine}{string.Join(Environment.NewLine, leaks.Take(20))}");
    }
}
