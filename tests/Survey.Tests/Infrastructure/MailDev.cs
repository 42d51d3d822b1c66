using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Survey.Local;

namespace Survey.Tests.Infrastructure;

/// <summary>One message as MailDev received it. Headers are the message's top-level headers, as sent.</summary>
public sealed record ReceivedMail(string To, string Subject, string Text, string Html, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real SMTP server for tests: the repository's MailDev (package.json; installed with npm on first use) as a child process on free
/// loopback ports, SMTP and web/REST API both bound to 127.0.0.1, no outgoing relay, mail kept in a
/// fresh folder of its own. Stopped by PID (with its children) on dispose.
/// </summary>
public sealed class MailDev : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _mailDirectory;
    private readonly Queue<string> _output = new();

    private MailDev(Process process, int smtpPort, int webPort, string mailDirectory)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _mailDirectory = mailDirectory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/api/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    /// <summary>Starts MailDev and waits (bounded) until its SMTP port and REST API answer.</summary>
    public static async Task<MailDev> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = await NodeTools.EnsureInstalledAsync(Repository.Root, "maildev", "MailDev needs Node.js and npm on the PATH.", _ => { }, cancellationToken);

        var ports = Azurite.FreeLoopbackPorts(2);
        var mailDirectory = Path.Combine(Path.GetTempPath(), "survey-maildev-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mailDirectory);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = mailDirectory, // MailDev looks for a config file from its working folder upwards
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments(ports[0], ports[1], mailDirectory))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("MailDev did not start.");
        var mailDev = new MailDev(process, ports[0], ports[1], mailDirectory);
        process.OutputDataReceived += (_, e) => mailDev.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => mailDev.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await mailDev.WaitUntilReadyAsync(cancellationToken);
            return mailDev;
        }
        catch
        {
            await mailDev.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command line (also in docs/configuration.md): loopback only, no relay, mail in its own folder.</summary>
    internal static string[] Arguments(int smtpPort, int webPort, string mailDirectory) =>
    [
        "--ip", "127.0.0.1", "--smtp", smtpPort.ToString(CultureInfo.InvariantCulture),
        "--web-ip", "127.0.0.1", "--web", webPort.ToString(CultureInfo.InvariantCulture),
        "--mail-directory", mailDirectory,
    ];

    /// <summary>
    /// The <c>Survey:Smtp</c> settings for a plain-text SMTP server on 127.0.0.1 (this MailDev, or a
    /// proxy in front of it): sender <c>survey@example.org</c>, 3 retries 50 ms apart (doubling).
    /// </summary>
    public static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Survey:Smtp:Host"] = "127.0.0.1",
        ["Survey:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Survey:Smtp:Security"] = "None",
        ["Survey:Smtp:FromAddress"] = "survey@example.org",
        ["Survey:Smtp:FromName"] = "Survey",
        ["Survey:Smtp:MaxRetries"] = "3",
        ["Survey:Smtp:RetryDelay"] = "00:00:00.050",
    };

    /// <summary>Every message received so far, in arrival order.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> GetMessagesAsync(CancellationToken cancellationToken = default)
    {
        using var list = await _http.GetFromJsonAsync<JsonDocument>("email", cancellationToken)
            ?? throw new InvalidOperationException("MailDev returned no list.");
        var messages = new List<ReceivedMail>();
        foreach (var email in list.RootElement.EnumerateArray())
        {
            var id = email.GetProperty("id").GetString()!;

            // The raw message, parsed with MimeKit: MailDev's JSON drops headers it parses into objects
            // (List-Unsubscribe among them) and may rewrite the HTML.
            await using var source = await _http.GetStreamAsync($"email/{Uri.EscapeDataString(id)}/source", cancellationToken);
            using var message = await MimeMessage.LoadAsync(source, cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Headers)
            {
                headers.TryAdd(header.Field, header.Value);
            }

            messages.Add(new ReceivedMail(Recipients(email), message.Subject ?? string.Empty, message.TextBody ?? string.Empty, message.HtmlBody ?? string.Empty, headers));
        }

        return messages;
    }

    /// <summary>Deletes every received message.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync("email/all", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>The envelope recipients (who the server accepted the message for), else the To header.</summary>
    private static string Recipients(JsonElement email)
    {
        if (email.TryGetProperty("envelope", out var envelope) && envelope.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array && to.GetArrayLength() > 0)
        {
            return string.Join(", ", to.EnumerateArray().Select(r => r.GetProperty("address").GetString()));
        }

        return string.Join(", ", email.GetProperty("to").EnumerateArray().Select(r => r.GetProperty("address").GetString()));
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!(await Azurite.IsListeningAsync(SmtpPort) && await ApiAnswersAsync(cancellationToken)))
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"MailDev did not start on 127.0.0.1:{SmtpPort} (SMTP) and :{WebPort} (web): {string.Join(Environment.NewLine, Snapshot())}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<bool> ApiAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("healthz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 50)
            {
                _output.Dequeue();
            }
        }
    }

    private string[] Snapshot()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }
}

/// <summary>One MailDev for a test class or collection; <see cref="MailDev.DeleteAllAsync"/> between tests as needed.</summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    public MailDev MailDev { get; private set; } = null!;

    public int SmtpPort => MailDev.SmtpPort;

    public async Task InitializeAsync() => MailDev = await MailDev.StartAsync();

    public async Task DisposeAsync()
    {
        if (MailDev is not null)
        {
            await MailDev.DisposeAsync();
        }
    }
}
