using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using Survey.Local;
using Survey.Shared.Mail;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Mail;

/// <summary>The SMTP sender against a real MailDev on loopback, directly or through a misbehaving proxy.</summary>
[Trait("Category", "Slow")] // waits out SMTP timeouts
public sealed class MailKitSenderTests(MailDevFixture mailDev) : IClassFixture<MailDevFixture>
{
    private const int MaxRetries = 3; // MailDev.SmtpSettings

    [Fact]
    public async Task A_message_arrives_once_with_its_text_html_and_headers()
    {
        using var services = Services(mailDev.SmtpPort);
        var to = NewAddress();
        var message = new MailMessage(to, "Ana Souza", "Your survey link ✓", "Hello Ana,\nhttps://survey.example.org/s/abc",
            "<p>Hello Ana, <a href=\"https://survey.example.org/s/abc\">your link</a></p>",
            new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = "<https://survey.example.org/u/abc>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            });

        var result = await Sender(services).SendAsync(message, CancellationToken.None);

        Assert.IsType<SendResult.Sent>(result);
        var mail = Assert.Single(await ArrivedAsync(to, 1));
        Assert.Equal("Your survey link ✓", mail.Subject);
        Assert.Contains("https://survey.example.org/s/abc", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://survey.example.org/s/abc\">your link</a>", mail.Html, StringComparison.Ordinal);
        Assert.Equal("<https://survey.example.org/u/abc>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("Survey <survey@example.org>", mail.Headers["From"]);
    }

    [Fact]
    public async Task A_refused_recipient_is_rejected_without_its_address_and_the_next_recipient_still_arrives()
    {
        var refused = NewAddress("refused");
        await using var proxy = new FaultySmtpProxy(mailDev.SmtpPort, refuseRecipient: address => address.StartsWith("refused", StringComparison.Ordinal));
        using var services = Services(proxy.Port);
        var sender = Sender(services);
        var good = NewAddress();

        var rejected = await sender.SendAsync(Message(refused), CancellationToken.None);
        var sent = await sender.SendAsync(Message(good), CancellationToken.None);

        var reason = Assert.IsType<SendResult.Rejected>(rejected).Reason;
        Assert.StartsWith("550", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(refused, reason, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<SendResult.Sent>(sent);
        Assert.Single(await ArrivedAsync(good, 1));
        Assert.Empty(await ArrivedAsync(refused, 0));
        Assert.Equal(1, proxy.RefusedRecipients);
        Assert.Equal(1, proxy.Connections); // a refusal does not cost the connection
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_the_message_arrives_exactly_once()
    {
        await using var proxy = new FaultySmtpProxy(mailDev.SmtpPort, dropAtMailFrom: 2);
        using var services = Services(proxy.Port);
        var sender = Sender(services);
        var first = NewAddress();
        var second = NewAddress();

        Assert.IsType<SendResult.Sent>(await sender.SendAsync(Message(first), CancellationToken.None));
        Assert.IsType<SendResult.Sent>(await sender.SendAsync(Message(second), CancellationToken.None));

        Assert.Single(await ArrivedAsync(first, 1));
        Assert.Single(await ArrivedAsync(second, 1));
        Assert.Equal(1, proxy.Drops);
        Assert.Equal(2, proxy.Connections); // the first reused, then one reconnection after the drop
        Assert.Equal(3, proxy.MailFromCommands);
    }

    [Fact]
    public async Task With_no_server_listening_sending_throws_MailUnavailable()
    {
        using var services = Services(Azurite.FreeLoopbackPorts(1)[0]);

        var error = await Assert.ThrowsAsync<MailUnavailableException>(() => Sender(services).SendAsync(Message(NewAddress()), CancellationToken.None));

        Assert.True(MailKitSender.IsTransient(error.InnerException!), error.ToString());
    }

    [Fact]
    public async Task A_server_that_hangs_up_every_time_is_tried_a_bounded_number_of_times_then_MailUnavailable()
    {
        // The proxy accepts, cannot reach its (closed) target and hangs up: each attempt is one connection.
        await using var proxy = new FaultySmtpProxy(Azurite.FreeLoopbackPorts(1)[0]);
        using var services = Services(proxy.Port);
        var to = NewAddress();

        var error = await Assert.ThrowsAsync<MailUnavailableException>(() => Sender(services).SendAsync(Message(to), CancellationToken.None));

        Assert.Equal(MaxRetries + 1, proxy.Connections);
        Assert.DoesNotContain(to, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_cut_off_by_the_attempt_timeout_and_tried_a_bounded_number_of_times()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentQueue<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (accepted.Count < MaxRetries + 2)
            {
                accepted.Enqueue(await silent.AcceptTcpClientAsync()); // held open, never a greeting
            }
        });
        using var services = Services(((IPEndPoint)silent.LocalEndpoint).Port, new() { ["Survey:Smtp:AttemptTimeout"] = "00:00:01" });

        var error = await Assert.ThrowsAsync<MailUnavailableException>(() => Sender(services).SendAsync(Message(NewAddress()), CancellationToken.None));

        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Equal(MaxRetries + 1, accepted.Count);
        silent.Stop();
        foreach (var connection in accepted)
        {
            connection.Dispose();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
    }

    [Fact]
    public async Task A_server_that_refuses_some_recipients_and_drops_the_connection_once_still_sends_every_good_address_exactly_once()
    {
        await using var proxy = new FaultySmtpProxy(mailDev.SmtpPort, refuseRecipient: a => a.StartsWith("bad", StringComparison.Ordinal), dropAtMailFrom: 4);
        using var services = Services(proxy.Port);
        var sender = Sender(services);
        var run = Guid.NewGuid().ToString("N")[..8];
        var good = Enumerable.Range(0, 12).Select(i => $"good{i}-{run}@example.org").ToList();
        var bad = Enumerable.Range(0, 4).Select(i => $"bad{i}-{run}@example.org").ToList();

        var results = await Task.WhenAll(good.Concat(bad).Select(async a => (Address: a, Result: await sender.SendAsync(Message(a), CancellationToken.None))));

        Assert.All(results.Where(r => good.Contains(r.Address)), r => Assert.IsType<SendResult.Sent>(r.Result));
        Assert.All(results.Where(r => bad.Contains(r.Address)), r => Assert.IsType<SendResult.Rejected>(r.Result));
        var arrived = await Eventually.ReadAsync(
            () => mailDev.MailDev.GetMessagesAsync(),
            all => all.Count(m => m.To.Contains(run, StringComparison.Ordinal)) >= good.Count,
            "every good address arrived");
        var counts = arrived.Where(m => m.To.Contains(run, StringComparison.Ordinal)).GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(good.Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(1, count));
        Assert.Equal(1, proxy.Drops);
        Assert.Equal(bad.Count, proxy.RefusedRecipients);
    }

    [Fact]
    public async Task Thirty_concurrent_sends_through_one_sender_all_arrive_exactly_once()
    {
        using var services = Services(mailDev.SmtpPort);
        var sender = Sender(services);
        var run = Guid.NewGuid().ToString("N")[..8];
        var addresses = Enumerable.Range(0, 30).Select(i => $"c{i}-{run}@example.org").ToList();

        var results = await Task.WhenAll(addresses.Select(a => sender.SendAsync(Message(a), CancellationToken.None)));

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r));
        var arrived = await Eventually.ReadAsync(
            () => mailDev.MailDev.GetMessagesAsync(),
            all => all.Count(m => m.To.Contains(run, StringComparison.Ordinal)) >= 30,
            "30 messages arrived");
        var counts = arrived.Where(m => m.To.Contains(run, StringComparison.Ordinal)).GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(addresses.Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(1, count));
    }

    private static ServiceProvider Services(int port, Dictionary<string, string?>? more = null)
    {
        var settings = MailDev.SmtpSettings(port);
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return StorageFixture.Build("UseDevelopmentStorage=true", settings);
    }

    private static IMailSender Sender(ServiceProvider services) => services.GetRequiredService<IMailSender>();

    private static string NewAddress(string prefix = "r") => $"{prefix}-{Guid.NewGuid():N}@example.org";

    private static MailMessage Message(string to)
        => new(to, null, "Survey invitation", "Text body", "<p>HTML body</p>", new Dictionary<string, string>());

    /// <summary>The messages for one address, once at least <paramref name="expected"/> arrived.</summary>
    private async Task<List<ReceivedMail>> ArrivedAsync(string to, int expected)
    {
        var all = await Eventually.ReadAsync(
            () => mailDev.MailDev.GetMessagesAsync(),
            messages => messages.Count(m => m.To == to) >= expected,
            $"{expected} message(s) arrived");
        return all.Where(m => m.To == to).ToList();
    }
}
