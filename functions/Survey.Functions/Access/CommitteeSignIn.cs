using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;

namespace Survey.Functions.Access;

/// <summary>
/// A committee member's browser signs in once with a credential (posted, never in a URL) and gets a session cookie
/// (<c>HttpOnly; Secure; SameSite=Strict</c>) for the dashboard and the briefs; signing out needs the session's
/// CSRF token, which only the app's own pages carry.
/// </summary>
public sealed class CommitteeSignIn(CommitteeCredentials credentials, CommitteeGate gate)
{
    [Function("CommitteeSignInPage")]
    public static IActionResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/sign-in")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var returnTo = CommitteeGate.SafeReturnTo(request.Query["returnTo"].FirstOrDefault());
        return HtmlResponses.Page(request, nonce => SignInPage.Render(nonce, returnTo));
    }

    [Function(nameof(CommitteeSignIn))]
    public async Task<IActionResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await ReadFormAsync(request, cancellationToken) is not { } form)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", "Post the sign-in form (application/x-www-form-urlencoded).");
        }

        var returnTo = CommitteeGate.SafeReturnTo(form["returnTo"].FirstOrDefault());
        if (await credentials.SignInAsync(form["credential"].FirstOrDefault(), cancellationToken) is not { } session)
        {
            var page = HtmlResponses.Page(request, nonce => SignInPage.Render(nonce, returnTo, refused: true));
            page.StatusCode = StatusCodes.Status401Unauthorized;
            return page;
        }

        gate.SetCookie(request.HttpContext.Response, session);
        return HtmlResponses.SeeOther(request, returnTo);
    }

    [Function(nameof(CommitteeSignOut))]
    public async Task<IActionResult> CommitteeSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/sign-out")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Cookies[CommitteeGate.CookieName];
        var form = await ReadFormAsync(request, cancellationToken);
        if (await credentials.SessionAsync(token, cancellationToken) is not { } session
            || !Secrets.FixedTimeEquals(form?["csrf"].FirstOrDefault(), session.Csrf))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "Not signed out.", "Sign out with the button on a committee page.");
        }

        await credentials.SignOutAsync(session.Token, cancellationToken);
        CommitteeGate.ClearCookie(request.HttpContext.Response);
        return HtmlResponses.SeeOther(request, CommitteeGate.SignInPath);
    }

    /// <summary>The posted form when the body is <c>application/x-www-form-urlencoded</c> and well formed, else null.</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
