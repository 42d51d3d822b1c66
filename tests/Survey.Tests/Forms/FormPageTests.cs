using Survey.Shared.Forms;

namespace Survey.Tests.Forms;

/// <summary>The form page as rendered on the server: prefill, escaping, errors, and no inline code.</summary>
public sealed class FormPageTests
{
    [Fact]
    public void A_prefill_fills_the_insurer_plan_and_role_and_sets_the_language()
    {
        var html = FormPage.Render("es", new FormValues([new("insurer", "Acme & Co"), new("plan", "Gold"), new("reporterRole", "ibclc")]));

        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"insurer\" value=\"Acme &amp; Co\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"plan\" value=\"Gold\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"ibclc\" checked", html, StringComparison.Ordinal);
        Assert.DoesNotContain("error-summary\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_control_has_a_label_and_every_group_a_legend()
    {
        var html = FormPage.Render("pt", FormValues.Empty);

        foreach (System.Text.RegularExpressions.Match control in System.Text.RegularExpressions.Regex.Matches(html, "<(?:input|select|textarea)[^>]*\\sid=\"([^\"]+)\"[^>]*>"))
        {
            if (!control.Value.Contains("type=\"hidden\"", StringComparison.Ordinal))
            {
                Assert.Contains($"<label for=\"{control.Groups[1].Value}\">", html, StringComparison.Ordinal);
            }
        }

        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(html, "<fieldset"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(html, "<legend>"));
    }

    [Fact]
    public void The_script_data_cannot_close_its_element_whatever_the_texts_say()
    {
        var html = FormPage.Render("pt", FormValues.Empty);
        var start = html.IndexOf("<script type=\"application/json\" id=\"form-data\">", StringComparison.Ordinal);
        var data = html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];

        Assert.DoesNotContain("<", data[1..], StringComparison.Ordinal);
        Assert.Contains("\"error.required.insurer\"", data, StringComparison.Ordinal);
    }

    [Fact]
    public void A_month_that_is_not_yyyy_mm_is_shown_as_text_so_it_is_not_lost()
    {
        Assert.Contains("type=\"month\" id=\"f-serviceMonth\" name=\"serviceMonth\" value=\"2025-06\"", FormPage.Render("en", new FormValues([new("serviceMonth", "2025-06")])), StringComparison.Ordinal);
        Assert.Contains("type=\"text\" id=\"f-serviceMonth\" name=\"serviceMonth\" value=\"junio 2025\"", FormPage.Render("en", new FormValues([new("serviceMonth", "junio 2025")])), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_language_renders_in_english()
    {
        Assert.Contains("<html lang=\"en\">", FormPage.Render("fr", FormValues.Empty), StringComparison.Ordinal);
    }
}
