using System.Text.Json.Nodes;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Campaigns;

/// <summary>A campaign sent through an SMTP server that refuses some recipients and drops the connection once.</summary>
public sealed class CampaignFaultySmtpTests : IAsyncLifetime, IDisposable
{
    private readonly AzuriteFixture _azurite = new();
    private MailDev _mailDev = null!;
    private FaultySmtpProxy _proxy = null!;
    private CampaignRunner _runner = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _mailDev = await MailDev.StartAsync();
        _proxy = new FaultySmtpProxy(_mailDev.SmtpPort, refuseRecipient: address => address.StartsWith("refused", StringComparison.Ordinal), dropAtMailFrom: 4);
        _runner = await CampaignRunner.StartAsync(_azurite.ConnectionString, _proxy.Port);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _mailDev.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    // The proxy goes last (xUnit calls Dispose after DisposeAsync).
    public void Dispose() => _proxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Fact]
    public async Task Every_good_address_is_sent_exactly_once_and_refused_ones_are_recorded_as_failed()
    {
        var run = CampaignRunner.NewRun();
        var id = await _runner.CreateCampaignAsync();
        var good = Enumerable.Range(0, 12).Select(i => $"good{i}-{run}@example.org").ToList();
        var refused = Enumerable.Range(0, 3).Select(i => $"refused{i}-{run}@example.org").ToList();
        await _runner.AddRecipientsAsync(id, good.Concat(refused).Select(a => new JsonObject { ["email"] = a }));

        await _runner.SendCampaignAsync(id);

        var progress = await Eventually.ReadAsync(() => _runner.ProgressAsync(id), p => (int)p["sent"]! + (int)p["failed"]! == 15, "every invitation sent or failed");
        var mail = await CampaignRunner.MailAsync(_mailDev, run, good.Count);
        Assert.Equal(good.Order(), mail.Select(m => m.To).Order());
        Assert.Equal(12, (int)progress["sent"]!);
        Assert.Equal(3, (int)progress["failed"]!);
        Assert.Equal(0, (int)progress["queued"]!);
        Assert.Equal(1, _proxy.Drops);
        Assert.Equal(3, _proxy.RefusedRecipients);
    }
}
