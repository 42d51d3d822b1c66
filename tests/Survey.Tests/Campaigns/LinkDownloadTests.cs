using System.Globalization;
using System.Text;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Campaigns;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Survey.Tests.Campaigns;

/// <summary>The links of a campaign delivered by the committee's own mail tool: a download that fails, and a large one.</summary>
[Collection(StorageGroup.Name)]
public sealed class LinkDownloadTests(StorageFixture fixture)
{
    [Fact]
    public async Task A_link_download_that_failed_midway_can_be_downloaded_again_and_every_link_of_it_works()
    {
        // Storage fails after the first two batches were written, in the middle of the download.
        var batches = 0;
        var faults = new TableFaults(request => request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) > 2);
        await using var services = TableFaults.Services(fixture.ConnectionString, faults);
        var campaigns = services.GetRequiredService<CampaignService>();
        var id = await CampaignAsync(campaigns, 450);
        faults.Failing = true;

        var sending = services.GetRequiredService<CampaignSending>();
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => sending.DownloadLinksAsync(id, CancellationToken.None));
        faults.Failing = false;
        var again = await sending.DownloadLinksAsync(id, CancellationToken.None);

        var links = Links(Assert.IsType<CampaignResult.Done>(again));
        Assert.Equal(450, links.Count);
        Assert.Equal(450, links.Select(l => l.Email).Distinct().Count());
        var open = services.GetRequiredService<LinkService>();
        foreach (var (_, link) in links.Where((_, i) => i % 37 == 0))
        {
            Assert.IsType<LinkView.Form>(await open.OpenAsync(link[(link.LastIndexOf('/') + 1)..], CancellationToken.None));
        }

        var progress = (await campaigns.GetAsync(id, CancellationToken.None))!.Progress;
        Assert.Equal(450, progress.Sent);
        Assert.Equal(0, progress.Queued);
    }

    /// <summary>An open campaign with <paramref name="recipients"/> recipients; its id.</summary>
    internal static async Task<string> CampaignAsync(CampaignService campaigns, int recipients)
    {
        var opens = DateTimeOffset.Parse("2020-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var campaign = (Campaign)((CampaignResult.Done)await campaigns.CreateAsync(new NewCampaign("Links", opens, opens.AddYears(80)), CancellationToken.None)).Value!;
        if (recipients > 0)
        {
            var run = Guid.NewGuid().ToString("N")[..8];
            await campaigns.AddRecipientsAsync(campaign.Id, Enumerable.Range(0, recipients).Select(i => new Recipient($"d{i}-{run}@example.org", $"Name {i}")).ToList(), CancellationToken.None);
        }

        return campaign.Id;
    }

    internal static Invitation Invitation(string campaignId, int i)
    {
        var email = $"load{i}-{campaignId}@example.org";
        return new Invitation(
            campaignId, Guid.NewGuid().ToString("N"), email, null, InvitationLinks.AddressHash(email), CampaignPrefill.None, MailState.Queued,
            SendingSince: null, SentAt: null, FailReason: null, OpenedAt: null, RespondedAt: null, UnsubscribedAt: null, RevokedAt: null, MailState.None, RemindedAt: null);
    }

    /// <summary>The rows of a links CSV: address and link.</summary>
    internal static List<(string Email, string Link)> Links(CampaignResult.Done done)
        => Encoding.UTF8.GetString((byte[])done.Value!).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (cells[0], cells[^1]))
            .ToList();
}

/// <summary>
/// A large download, on its own Azurite (the emulator scans a table per operation, so 20,000 rows would slow every other
/// test) and in the faults group, alone after the other tests: writing 20,000 rows keeps a core busy for most of a minute.
/// </summary>
[Collection(Survey.Tests.Faults.FaultsGroup.Name)]
public sealed class LinkDownloadLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    [Trait("Category", "Load")]
    public async Task The_links_of_20000_recipients_download_in_one_request_with_about_two_storage_calls_per_100_recipients()
    {
        const int Recipients = 20_000;
        var calls = 0;
        var counter = new TableFaults(_ =>
        {
            Interlocked.Increment(ref calls);
            return false;
        }) { Failing = true };
        await using var services = TableFaults.Services(_azurite.ConnectionString, counter);
        var campaigns = services.GetRequiredService<CampaignService>();
        var id = await LinkDownloadTests.CampaignAsync(campaigns, 0);
        var setup = Stopwatch.StartNew();
        var table = new TableClient(_azurite.ConnectionString, StorageNames.InvitationsTable);
        await Parallel.ForEachAsync(Enumerable.Range(0, Recipients).Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, token) =>
            await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, CampaignEntities.ToEntity(LinkDownloadTests.Invitation(id, i)))), token));
        output.WriteLine($"{Recipients} invitations written in {setup.Elapsed.TotalSeconds:F1} s");

        Interlocked.Exchange(ref calls, 0);
        var clock = Stopwatch.StartNew();
        var download = await services.GetRequiredService<CampaignSending>().DownloadLinksAsync(id, CancellationToken.None);
        clock.Stop();

        output.WriteLine($"{Recipients} links downloaded in {clock.Elapsed.TotalSeconds:F1} s with {calls} table calls");
        var links = LinkDownloadTests.Links(Assert.IsType<CampaignResult.Done>(download));
        Assert.Equal(Recipients, links.Count);
        Assert.Equal(Recipients, links.Select(l => l.Link).Distinct().Count());

        // The work is bounded by batches, not by recipients: 200 token transactions, 200 marking transactions, 20
        // pages of the list and a few campaign reads (before: ~3 calls per recipient, 60,000).
        Assert.InRange(calls, 420, 440);
        Assert.Equal(Recipients, (await campaigns.GetAsync(id, CancellationToken.None))!.Progress.Sent);
    }
}
