using System.Text;
using Survey.Shared.Html;

namespace Survey.Shared.Access;

/// <summary>
/// The committee's sign-in page: one field for the credential, posted once (never put in a URL); the answer sets a
/// session cookie and goes back to the page asked for. Under the pages' policy: no script, the app's forms only.
/// </summary>
public static class SignInPage
{
    public const string SignOutPath = "/api/committee/sign-out";

    public static string Render(string nonce, string returnTo, bool refused = false)
    {
        var body = new StringBuilder(2048);
        body.Append("<main class=\"sign-in\">\n<h1>Committee sign-in</h1>\n")
            .Append("<p class=\"muted\">The dashboard and the plan briefs are for the access committee. Sign in with the credential the operator gave you; ")
            .Append("this browser stays signed in for a few hours, or until you sign out.</p>\n");
        if (refused)
        {
            body.Append("<p class=\"error\" id=\"credential-error\" role=\"alert\"><strong>Not signed in:</strong> that credential was not accepted (unknown, revoked or expired).</p>\n");
        }

        body.Append("<form method=\"post\" action=\"").Append(CommitteeGate.SignInPath).Append("\" accept-charset=\"utf-8\">\n")
            .Append("<input type=\"hidden\" name=\"returnTo\" value=\"").Append(Html.Html.Encode(returnTo)).Append("\">\n")
            .Append("<label for=\"credential\">Credential</label>\n")
            .Append("<input type=\"password\" id=\"credential\" name=\"credential\" required autocomplete=\"current-password\" spellcheck=\"false\"")
            .Append(refused ? " aria-invalid=\"true\" aria-describedby=\"credential-error\"" : string.Empty).Append(">\n")
            .Append("<div class=\"actions\"><button type=\"submit\">Sign in</button></div>\n</form>\n</main>");
        return HtmlPage.Render(nonce, refused ? "Not signed in — Committee sign-in" : "Committee sign-in", Css, body.ToString());
    }

    /// <summary>The sign-out button of a signed-in page: a POST carrying the session's CSRF token.</summary>
    public static string SignOutForm(string csrf)
        => "<form class=\"sign-out no-print\" method=\"post\" action=\"" + SignOutPath + "\"><input type=\"hidden\" name=\"csrf\" value=\""
           + Html.Html.Encode(csrf) + "\"><button type=\"submit\">Sign out</button></form>\n";

    private const string Css = """
        main.sign-in { max-width: 28rem; }
        label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
        input[type=password] { width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: .25rem; }
        .actions { margin-top: 1rem; }
        button { font: inherit; padding: .45rem 1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .25rem; cursor: pointer; }
        .error { color: #a40e26; }

        """;
}
