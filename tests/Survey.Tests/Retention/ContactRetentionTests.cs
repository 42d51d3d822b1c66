using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared;
using Survey.Shared.Aggregation;
using Survey.Shared.Plans;
using Survey.Shared.Retention;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Retention;

[Collection(StorageGroup.Name)]
public sealed class ContactRetentionTests(StorageFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 4, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task Contacts_older_than_the_retention_go_and_recent_ones_stay_until_their_time_comes()
    {
        var clock = new FakeTimeProvider(Now);
        await using var services = Build(clock, contactDays: "30");
        var insurer = SampleReports.UniqueInsurer("Retention Health");
        var old = await CountAsync(services, insurer, "old.parent@example.org", Now.AddDays(-31));
        var recent = await CountAsync(services, insurer, "recent.parent@example.org", Now.AddDays(-10));
        var retention = services.GetRequiredService<ContactRetention>();

        Assert.True(await retention.DeleteExpiredAsync(default) >= 1);

        Assert.Null(await ContactAsync(old));
        Assert.Equal("recent.parent@example.org", await ContactAsync(recent));

        clock.Advance(TimeSpan.FromDays(21));
        await retention.DeleteExpiredAsync(default);

        Assert.Null(await ContactAsync(recent));
        var plan = await services.GetRequiredService<PlanStatsReader>().GetAsync(PlanKeys.Unverified(insurer, null), default);
        Assert.Equal(2, plan!.Reports);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("4000")]
    public async Task A_retention_outside_1_to_3650_days_stops_the_app_with_a_sentence_naming_the_setting(string days)
    {
        await using var services = Build(new FakeTimeProvider(Now), days);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RetentionOptions>>().Value);

        Assert.Contains("Survey:Retention:ContactDays", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(TimeProvider clock, string contactDays)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionName] = fixture.ConnectionString,
                ["Survey:Retention:ContactDays"] = contactDays,
            })
            .Build();
        return new ServiceCollection()
            .AddSingleton(clock)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSurvey(configuration)
            .BuildServiceProvider();
    }

    /// <summary>Counts a report with a contact e-mail received at <paramref name="receivedAt"/>; returns its id.</summary>
    private static async Task<string> CountAsync(IServiceProvider services, string insurer, string email, DateTimeOffset receivedAt)
    {
        var reportId = Guid.NewGuid().ToString("D");
        var outcome = await services.GetRequiredService<ReportAggregator>()
            .ProcessAsync(Envelopes.Message(Envelopes.Report(insurer), reportId, email, receivedAt: receivedAt), default);
        Assert.Equal(AggregationOutcome.Counted, outcome);
        return reportId;
    }

    private async Task<string?> ContactAsync(string reportId)
    {
        var contacts = new TableServiceClient(fixture.ConnectionString).GetTableClient(StorageNames.ContactsTable);
        try
        {
            return (await contacts.GetEntityAsync<TableEntity>(reportId, string.Empty)).Value.GetString("Email");
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }
}
