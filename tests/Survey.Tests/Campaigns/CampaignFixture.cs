using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Campaigns;

/// <summary>
/// Azurite, MailDev and the local runner on a fixed free loopback port, with <c>Survey:Smtp</c> pointing at
/// MailDev (or at a proxy in front of it) and campaign links at the runner (its default <c>PublicBaseUrl</c>).
/// </summary>
public sealed class CampaignFixture : AzuriteFixture
{
    public MailDev MailDev { get; private set; } = null!;

    public CampaignRunner Runner { get; private set; } = null!;

    public HttpClient Client => Runner.Client;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        MailDev = await MailDev.StartAsync();
        Runner = await CampaignRunner.StartAsync(ConnectionString, MailDev.SmtpPort);
    }

    public override async Task DisposeAsync()
    {
        await Runner.DisposeAsync();
        await MailDev.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CampaignGroup : ICollectionFixture<CampaignFixture>
{
    public const string Name = "campaigns";
}

/// <summary>One local runner for campaign tests, and the committee's calls it answers.</summary>
public sealed partial class CampaignRunner : IAsyncDisposable
{
    private CampaignRunner(WebApplication app, HttpClient client, string connectionString)
    {
        App = app;
        Client = client;
        ConnectionString = connectionString;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string ConnectionString { get; }

    public static async Task<CampaignRunner> StartAsync(string connectionString, int smtpPort)
    {
        var port = Azurite.FreeLoopbackPorts(1)[0];
        var app = await LocalRunner.BuildAsync(["--urls", $"http://127.0.0.1:{port}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(MailDev.SmtpSettings(smtpPort))
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Local:CommitteeKeys:tester"] = ServiceFixture.FunctionKey,
            });
            builder.Configuration.AddInMemoryCollection(ServiceFixture.Unlimited);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return new CampaignRunner(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) }, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>A unique tag for the addresses of one test, so tests sharing MailDev tell their mail apart.</summary>
    public static string NewRun() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>Creates an open campaign (opened a day ago, closing in 60 days) and returns its id.</summary>
    public async Task<string> CreateCampaignAsync(JsonObject? prefill = null, JsonObject? texts = null, string name = "Spring survey")
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["opensAt"] = "2020-01-01T00:00:00Z",
            ["closesAt"] = "2099-01-01T00:00:00Z",
        };
        if (prefill is not null)
        {
            body["prefill"] = prefill;
        }

        if (texts is not null)
        {
            body["texts"] = texts;
        }

        using var response = await SendAsync(HttpMethod.Post, "/api/campaigns", JsonContent.Create(body));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    public async Task<JsonObject> AddRecipientsAsync(string campaignId, IEnumerable<JsonObject> recipients)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/invitations", JsonContent.Create(new JsonObject { ["recipients"] = new JsonArray([.. recipients]) }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task SendCampaignAsync(string campaignId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/send");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Creates a campaign, adds the recipients, sends it, and waits until each recipient's message arrived.</summary>
    public async Task<(string Id, List<ReceivedMail> Mail)> InviteAsync(MailDev mailDev, string run, IReadOnlyCollection<JsonObject> recipients, JsonObject? prefill = null)
    {
        var id = await CreateCampaignAsync(prefill);
        await AddRecipientsAsync(id, recipients);
        await SendCampaignAsync(id);
        return (id, await MailAsync(mailDev, run, recipients.Count));
    }

    /// <summary>Recipients <c>{who}-{run}@example.org</c>.</summary>
    public static List<JsonObject> Recipients(string run, params string[] who) => who.Select(w => new JsonObject { ["email"] = $"{w}-{run}@example.org" }).ToList();

    /// <summary>The campaign's progress counts.</summary>
    public async Task<JsonObject> ProgressAsync(string campaignId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/campaigns/{campaignId}");
        response.EnsureSuccessStatusCode();
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonObject>())!["progress"]!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = ServiceFixture.Committee(method, path);
        request.Content = content;
        return await Client.SendAsync(request);
    }

    /// <summary>The messages to addresses containing <paramref name="run"/>, once at least <paramref name="expected"/> arrived.</summary>
    public static async Task<List<ReceivedMail>> MailAsync(MailDev mailDev, string run, int expected)
    {
        var all = await Eventually.ReadAsync(
            () => mailDev.GetMessagesAsync(),
            messages => messages.Count(m => m.To.Contains(run, StringComparison.Ordinal)) >= expected,
            $"{expected} message(s) for run {run} arrived");
        return all.Where(m => m.To.Contains(run, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The survey link in a message's text.</summary>
    public static string SurveyPath(ReceivedMail mail) => new Uri(SurveyLink().Match(mail.Text).Value).AbsolutePath;

    public static string Token(ReceivedMail mail) => SurveyPath(mail)["/api/s/".Length..];

    /// <summary>The token of a message's <c>List-Unsubscribe</c> link (<c>&lt;…/api/u/{token}&gt;</c>).</summary>
    public static string UnsubscribeToken(ReceivedMail mail) => mail.Headers["List-Unsubscribe"].Trim('<', '>').Split("/api/u/")[1];

    /// <summary>Every key and string value of every table, to look for something that must not be stored.</summary>
    public async Task<string> DumpTablesAsync()
    {
        var service = new TableServiceClient(ConnectionString);
        var dump = new System.Text.StringBuilder();
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                dump.Append(entity.PartitionKey).Append(' ').Append(entity.RowKey);
                foreach (var (key, value) in entity)
                {
                    dump.Append(' ').Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                dump.AppendLine();
            }
        }

        return dump.ToString();
    }

    /// <summary>A valid report as the form posts it, with <paramref name="insurer"/>.</summary>
    public static FormUrlEncodedContent ReportForm(string insurer, string language = "en") => new(new Dictionary<string, string>
    {
        ["language"] = language,
        ["reporterRole"] = "ibclc",
        ["state"] = "MA",
        ["insurer"] = insurer,
        ["serviceMonth"] = "2025-06",
        ["setting"] = "home",
        ["outcome"] = "denied",
        ["denialReason"] = "setting-not-covered",
        ["website"] = string.Empty,
    });

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/api/s/[A-Za-z0-9_-]{43}")]
    private static partial Regex SurveyLink();
}
