using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// A small line-based TCP proxy on a free loopback port in front of a plain-text SMTP server (MailDev)
/// that misbehaves on purpose: it answers <c>550 5.1.1 mailbox unavailable</c> to <c>RCPT TO</c> for
/// addresses matching <c>refuseRecipient</c> (without forwarding that command), and drops the client's
/// connection once, on the <c>dropAtMailFrom</c>-th <c>MAIL FROM</c> it sees (counted over all connections).
/// </summary>
/// <remarks>
/// The drop happens before that <c>MAIL FROM</c> is forwarded, so the server never saw a transaction and
/// no message is half delivered: a retry must deliver it exactly once. A drop after the server's final
/// <c>250</c> to DATA (message accepted) but before the client reads it is SMTP's one ambiguous case: the
/// client cannot know the message arrived, and a retry sends it twice. No client can avoid that; the
/// sender is at-least-once there (see docs/configuration.md, "Sending e-mail (SMTP)").
/// The proxy hides PIPELINING (its own 550 must come back in command order), CHUNKING (BDAT is not
/// line-based) and STARTTLS (it must read the commands) from the EHLO reply.
/// </remarks>
public sealed class FaultySmtpProxy : IAsyncDisposable
{
    private static readonly string[] HiddenExtensions = ["PIPELINING", "CHUNKING", "STARTTLS"];

    private readonly int _targetPort;
    private readonly Func<string, bool> _refuseRecipient;
    private readonly int? _dropAtMailFrom;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;
    private int _mailFromCommands;
    private int _refusedRecipients;
    private int _drops;

    /// <param name="targetPort">The SMTP server's port on 127.0.0.1.</param>
    /// <param name="refuseRecipient">Which <c>RCPT TO</c> addresses get a 550; none when null.</param>
    /// <param name="dropAtMailFrom">Drop the connection once, at this (1-based) <c>MAIL FROM</c>; never when null.</param>
    public FaultySmtpProxy(int targetPort, Func<string, bool>? refuseRecipient = null, int? dropAtMailFrom = null)
    {
        _targetPort = targetPort;
        _refuseRecipient = refuseRecipient ?? (_ => false);
        _dropAtMailFrom = dropAtMailFrom;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Client connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary><c>MAIL FROM</c> commands seen, including the one the drop happened at.</summary>
    public int MailFromCommands => Volatile.Read(ref _mailFromCommands);

    /// <summary><c>RCPT TO</c> commands answered with 550 by the proxy.</summary>
    public int RefusedRecipients => Volatile.Read(ref _refusedRecipients);

    /// <summary>Connections dropped on purpose (0 or 1).</summary>
    public int Drops => Volatile.Read(ref _drops);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll([_accepting, .. sessions]);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (IsDisconnect(e))
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_sessions)
            {
                _sessions.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Task[] pumps = [];
        Connection? toClient = null, toServer = null;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, session.Token);
            toClient = new Connection(client.GetStream());
            toServer = new Connection(server.GetStream());
            var state = new SessionState();
            pumps = [PumpServerAsync(toServer, toClient, state, session.Token), PumpClientAsync(toClient, toServer, state, session.Token)];
            await Task.WhenAny(pumps);
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            // The client, the server or the test went away: the session ends.
        }
        finally
        {
            // Closing both sockets ends whichever pump is still reading.
            await session.CancelAsync();
            client.Close();
            server.Close();
            try
            {
                await Task.WhenAll(pumps);
            }
            catch (Exception e) when (IsDisconnect(e))
            {
                // Expected: the other side was just closed.
            }

            toClient?.Dispose();
            toServer?.Dispose();
            client.Dispose();
        }
    }

    private static bool IsDisconnect(Exception e) => e is IOException or SocketException or OperationCanceledException or ObjectDisposedException;

    /// <summary>Client to server: commands one line at a time, message content passed through.</summary>
    private async Task PumpClientAsync(Connection client, Connection server, SessionState state, CancellationToken cancellationToken)
    {
        while (await client.ReadLineAsync(cancellationToken) is { } line)
        {
            if (state.InData)
            {
                state.InData = line != ".";
                await server.WriteLineAsync(line, cancellationToken);
                continue;
            }

            if (line.StartsWith("MAIL FROM:", StringComparison.OrdinalIgnoreCase))
            {
                var seen = Interlocked.Increment(ref _mailFromCommands);
                if (seen == _dropAtMailFrom && Interlocked.CompareExchange(ref _drops, 1, 0) == 0)
                {
                    return; // before forwarding: the server never starts this transaction
                }
            }
            else if (line.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase) && _refuseRecipient(Address(line)))
            {
                Interlocked.Increment(ref _refusedRecipients);
                await client.WriteLineAsync("550 5.1.1 mailbox unavailable", cancellationToken);
                continue;
            }

            await server.WriteLineAsync(line, cancellationToken);
        }
    }

    /// <summary>Server to client: whole replies, with the hidden extensions taken out of EHLO's.</summary>
    private static async Task PumpServerAsync(Connection server, Connection client, SessionState state, CancellationToken cancellationToken)
    {
        var reply = new List<string>();
        while (await server.ReadLineAsync(cancellationToken) is { } line)
        {
            reply.Add(line);
            if (line.Length > 3 && line[3] == '-')
            {
                continue; // a multi-line reply goes on
            }

            var lines = reply.Where(l => !HiddenExtensions.Any(x => l.Length > 4 && l[4..].StartsWith(x, StringComparison.OrdinalIgnoreCase))).ToList();
            reply.Clear();
            state.InData = lines[^1].StartsWith("354", StringComparison.Ordinal);
            for (var i = 0; i < lines.Count; i++)
            {
                var text = lines[i].Length > 4 ? lines[i][4..] : string.Empty;
                var code = lines[i][..Math.Min(3, lines[i].Length)];
                await client.WriteLineAsync(code + (i < lines.Count - 1 ? "-" : " ") + text, cancellationToken);
            }
        }
    }

    /// <summary>The address in <c>RCPT TO:&lt;address&gt; [parameters]</c>.</summary>
    private static string Address(string line)
    {
        var rest = line["RCPT TO:".Length..].Trim();
        var end = rest.IndexOf('>', StringComparison.Ordinal);
        return (rest.StartsWith('<') && end > 0 ? rest[1..end] : rest.Split(' ')[0]).Trim();
    }

    private sealed class SessionState
    {
        private volatile bool _inData;

        /// <summary>Between the server's 354 and the client's lone ".": message content, not commands.</summary>
        public bool InData { get => _inData; set => _inData = value; }
    }

    /// <summary>One side of a session. Latin-1 maps bytes 1:1 to chars, so 8-bit content passes unchanged.</summary>
    private sealed class Connection(NetworkStream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        private readonly SemaphoreSlim _writing = new(1, 1);

        public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => _reader.ReadLineAsync(cancellationToken);

        public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
        {
            var bytes = Encoding.Latin1.GetBytes(line + "\r\n");
            await _writing.WaitAsync(cancellationToken);
            try
            {
                await stream.WriteAsync(bytes, cancellationToken);
            }
            finally
            {
                _writing.Release();
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _writing.Dispose();
        }
    }
}
