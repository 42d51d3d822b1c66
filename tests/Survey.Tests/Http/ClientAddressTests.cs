using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Http;

namespace Survey.Tests.Http;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:51234", "203.0.113.7")]
    [InlineData("[2001:db8::1]:8080", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("not-an-address", "192.0.2.1")]
    [InlineData("", "192.0.2.1")]
    public void The_client_is_the_address_the_host_put_in_x_forwarded_for_else_the_connection(string forwarded, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.1");
        context.Request.Headers["X-Forwarded-For"] = forwarded;

        Assert.Equal(expected, ClientRateLimiter.ClientKey(context.Request));
    }

    [Fact]
    public void Retry_after_says_when_this_clients_window_ends_not_the_windows_length()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var limiter = new ClientRateLimiter(Options.Create(new RateLimitOptions { PermitLimit = 2, PostPermitLimit = 1, Window = TimeSpan.FromSeconds(60) }), time);
        var post = Request("POST", "198.51.100.4");

        Assert.Null(limiter.TryAcquire(post));
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.FromSeconds(20), limiter.TryAcquire(post));

        // Reads have their own budget, and another client its own window.
        Assert.Null(limiter.TryAcquire(Request("GET", "198.51.100.4")));
        Assert.Null(limiter.TryAcquire(Request("POST", "198.51.100.5")));

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(limiter.TryAcquire(post));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire(post));
    }

    private static DefaultHttpContext Request(string method, string client)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Connection.RemoteIpAddress = IPAddress.Parse("127.0.0.1");
        context.Request.Headers["X-Forwarded-For"] = client;
        return context;
    }
}
