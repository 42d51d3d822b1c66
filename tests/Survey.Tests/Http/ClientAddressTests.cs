using System.Net;
using Microsoft.AspNetCore.Http;
using Survey.Shared.Http;

namespace Survey.Tests.Http;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:51234", "203.0.113.7")]
    [InlineData("203.0.113.7, 10.0.0.1, 10.0.0.2", "203.0.113.7")]
    [InlineData(" 203.0.113.7:443 ,10.0.0.1", "203.0.113.7")]
    [InlineData("[2001:db8::1]:8080", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("not-an-address", "192.0.2.1")]
    [InlineData("", "192.0.2.1")]
    public void The_client_is_the_first_hop_of_x_forwarded_for_else_the_connection(string forwarded, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.1");
        context.Request.Headers["X-Forwarded-For"] = forwarded;

        Assert.Equal(expected, ClientRateLimiter.ClientKey(context.Request, useForwardedFor: true));
    }

    [Fact]
    public void Without_trusting_the_header_the_client_is_the_connection()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.1");
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";

        Assert.Equal("192.0.2.1", ClientRateLimiter.ClientKey(context.Request, useForwardedFor: false));
    }
}
