using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Survey.Shared.Http;

namespace Survey.Shared.Access;

/// <summary>Marks an HTTP function as the committee's: the app itself checks the caller (<see cref="CommitteeGate"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CommitteeAttribute : Attribute;

/// <summary>Who a committee request came from, for the function (and the sign-out form of a signed-in browser).</summary>
public sealed record CommitteeCaller(string Name, string? SessionCsrf)
{
    public static CommitteeCaller? Of(HttpContext context) => context?.Features.Get<CommitteeCaller>();
}

/// <summary>
/// The check every committee route passes, the same under the Functions host (worker middleware) and the local
/// runner: a credential in the <see cref="HeaderName"/> header (API clients: curl, scripts, Excel), or — for
/// reading pages and data (GET, HEAD) — the session cookie a browser got by signing in, so no secret ever goes in
/// a URL. A request without either is answered 401 with a problem document, or, for a browser asking for a page,
/// sent to the sign-in page. Every admitted request is recorded in the access log under the credential's name.
/// </summary>
public sealed class CommitteeGate(CommitteeCredentials credentials, CommitteeAccess access, IOptions<CommitteeOptions> options)
{
    public const string HeaderName = "x-committee-key";

    /// <summary><c>__Host-</c>: only ever set with Secure, Path=/ and no Domain, so no other site or subdomain can plant one.</summary>
    public const string CookieName = "__Host-survey-session";

    public const string SignInPath = "/api/committee/sign-in";

    public const string DefaultReturnTo = "/api/dashboard";

    /// <summary>True when the request may go on to <paramref name="function"/>; otherwise its answer has been written.</summary>
    public async Task<bool> AdmitAsync(HttpContext context, string function)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        CommitteeCaller? caller = null;
        if (request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } credential)
        {
            caller = await credentials.AuthenticateAsync(credential, cancellationToken) is { } name ? new CommitteeCaller(name, null) : null;
        }
        else if (IsSafe(request.Method) && request.Cookies[CookieName] is { Length: > 0 } token
                 && await credentials.SessionAsync(token, cancellationToken) is { } session)
        {
            caller = new CommitteeCaller(session.Name, session.Csrf);
        }

        if (caller is null)
        {
            await RefuseAsync(context);
            return false;
        }

        context.Features.Set(caller);
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, caller.Name)], "committee"));
        await access.RecordAsync(caller.Name, function, request.Method, request.Path, request.Query, cancellationToken);
        return true;
    }

    /// <summary>Sets the session cookie of <paramref name="session"/>.</summary>
    public void SetCookie(HttpResponse response, CommitteeSession session)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(session);
        response.Cookies.Append(CookieName, session.Token, CookieOptions(options.Value.SessionLifetime));
    }

    public static void ClearCookie(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(CookieName, CookieOptions(maxAge: null));
    }

    /// <summary>Where to go after signing in: a path of this app (<c>/api/…</c>), never another site.</summary>
    public static string SafeReturnTo(string? returnTo)
        => returnTo is { Length: > 5 and <= 2048 } path && path.StartsWith("/api/", StringComparison.Ordinal)
           && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal) && !path.Any(char.IsControl)
            ? path
            : DefaultReturnTo;

    private static CookieOptions CookieOptions(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static Task RefuseAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsSafe(request.Method) && request.Headers[HeaderName].Count == 0
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // A person in a browser: the sign-in page, then back here.
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = SignInPath + "?returnTo=" + Uri.EscapeDataString(request.Path + request.QueryString);
            return Task.CompletedTask;
        }

        context.Response.Headers.WWWAuthenticate = "Committee realm=\"Survey\"";
        return request.Headers[HeaderName].Count > 0
            ? ProblemResponses.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "The committee credential was not accepted.",
                "It is unknown, revoked or expired. Ask the operator for a new one.")
            : ProblemResponses.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "A committee credential is required.",
                $"Send it in the {HeaderName} header; in a browser, sign in at {SignInPath}.");
    }
}
