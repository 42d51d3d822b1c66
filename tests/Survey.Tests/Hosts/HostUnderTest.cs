using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hosts;

/// <summary>
/// The app served by one host — the local runner or the real Azure Functions host — with its own Azurite and
/// MailDev, and the operator's calls both hosts take the same way: the master key on the admin API, committee
/// credentials made through the app's admin routes, timers run on demand. Every scenario asks for a client of
/// its own from a fresh loopback address (127.0.0.N), so each has its own rate-limit budget, as separate people would.
/// </summary>
public abstract class HostUnderTest : IAsyncLifetime
{
    /// <summary>Small enough that a scenario can reach them; each scenario client has its own address.</summary>
    public const int PostPermitLimit = 12;

    public const int PermitLimit = 60;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public abstract string Name { get; }

    /// <summary>Why this host cannot run here (the scenarios are skipped with it), or null.</summary>
    public string? SkipReason { get; protected set; }

    public Uri BaseAddress { get; protected set; } = null!;

    public Azurite Azurite { get; private set; } = null!;

    public MailDev MailDev { get; private set; } = null!;

    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>The host's master key (admin level).</summary>
    public string MasterKey { get; protected set; } = null!;

    public async Task InitializeAsync()
    {
        SkipReason = Unavailable();
        if (SkipReason is not null)
        {
            return;
        }

        var data = Path.Combine(Path.GetTempPath(), "survey-host-" + Guid.NewGuid().ToString("N")[..8]);
        Azurite = await Azurite.StartInMemoryAsync(Repository.Root, data, _ => { });
        MailDev = await MailDev.StartAsync();
        var port = Azurite.FreeLoopbackPorts(1)[0];
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        await StartAsync(port, Settings(port));
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        await StopAsync();
        await MailDev.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>A client from a loopback address no other client used (its own rate-limit budget).</summary>
    public HttpClient NewClient() => LoopbackClients.Next(BaseAddress);

    /// <summary>Makes a committee credential through the admin route (master key) and returns its value.</summary>
    public async Task<string> CreateCredentialAsync(string name, DateTimeOffset? expiresAt = null)
    {
        using var client = NewClient();
        using var request = Admin(HttpMethod.Post, "/api/committee/credentials");
        request.Content = JsonContent.Create(new JsonObject { ["name"] = name, ["expiresAt"] = expiresAt?.ToString("O") });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!;
    }

    /// <summary>A request to an admin-level route, with the master key.</summary>
    public HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", MasterKey);
        return request;
    }

    /// <summary>Runs a timer-triggered function now, as an operator does: <c>POST /admin/functions/{name}</c> with the master key.</summary>
    public async Task RunFunctionAsync(string name)
    {
        using var client = NewClient();
        using var request = Admin(HttpMethod.Post, $"/admin/functions/{name}");
        request.Content = JsonContent.Create(new JsonObject { ["input"] = string.Empty });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The settings of the app (as configuration keys with ':'), the same for both hosts.</summary>
    protected virtual Dictionary<string, string?> Settings(int port) => new(MailDev.SmtpSettings(MailDev.SmtpPort))
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["Survey:Campaigns:PublicBaseUrl"] = $"http://127.0.0.1:{port}/api",
        ["Survey:Campaigns:ReminderSchedule"] = "0 0 14 * * *",
        ["Survey:Campaigns:DeleteAddressesSchedule"] = "0 0 4 * * *",
        ["Survey:Public:SnapshotSchedule"] = "0 0 6 * * 1",
        ["Survey:Signals:RecomputeSchedule"] = "0 */5 * * * *",
        ["Survey:Signals:DigestSchedule"] = "0 0 13 * * Mon",
        ["Survey:RateLimits:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Survey:RateLimits:PostPermitLimit"] = PostPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Survey:RateLimits:Window"] = Window.ToString(),
    };

    protected abstract string? Unavailable();

    protected abstract Task StartAsync(int port, Dictionary<string, string?> settings);

    protected abstract Task StopAsync();
}
