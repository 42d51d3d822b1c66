using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Survey.Shared.Campaigns;
using Survey.Shared.Forms;

namespace Survey.Tests.Campaigns;

/// <summary>The invitation e-mail, the links and the campaign settings, without anything running.</summary>
public sealed class InvitationMailTests
{
    private static readonly Campaign Campaign = new(
        new string('a', 32), "Spring", DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.Parse("2026-04-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), CampaignPrefill.None,
        new Dictionary<string, CampaignMailText> { ["es"] = new(Subject: "Asunto <propio>", Body: "Primer párrafo & <b>no</b>.\n\nSegundo.") },
        default, ClosedAt: null, CampaignDelivery.Email, AddressesDeletedAt: null);

    [Fact]
    public void The_campaigns_own_text_is_used_and_every_value_is_html_escaped()
    {
        var mail = InvitationMail.Write(Campaign, "es", "Ana <script>", "ana@example.org", "https://x.org/api/s/T&1", "https://x.org/api/u/T&1", reminder: false);

        Assert.Equal("Asunto <propio>", mail.Subject);
        Assert.Contains("Primer párrafo &amp; &lt;b&gt;no&lt;/b&gt;.", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Ana &lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://x.org/api/s/T&amp;1\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hola, Ana <script>:", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://x.org/api/s/T&1", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("30 de abril de 2026", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("<https://x.org/api/u/T&1>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("pt")]
    public void Without_own_text_the_default_text_of_the_language_is_used(string language)
    {
        var invitation = InvitationMail.Write(Campaign, language, null, "ana@example.org", "https://x.org/api/s/T", "https://x.org/api/u/T", reminder: false);
        var reminder = InvitationMail.Write(Campaign, language, null, "ana@example.org", "https://x.org/api/s/T", "https://x.org/api/u/T", reminder: true);

        Assert.Equal(CampaignTexts.Get(language, "mail.subject"), invitation.Subject);
        Assert.Equal(CampaignTexts.Get(language, "mail.reminderSubject"), reminder.Subject);
        Assert.StartsWith(CampaignTexts.Get(language, "mail.greeting"), invitation.TextBody, StringComparison.Ordinal);
        Assert.Null(invitation.ToName);
    }

    [Fact]
    public void Every_campaign_text_exists_in_every_language()
    {
        foreach (var language in FormLanguages.All)
        {
            foreach (var key in CampaignTexts.Keys)
            {
                Assert.False(string.IsNullOrWhiteSpace(CampaignTexts.Get(language, key)), $"{language} {key}");
            }
        }
    }

    [Fact]
    public void Tokens_have_256_random_bits_in_43_url_safe_characters_and_hash_to_a_table_key()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => InvitationLinks.NewToken()).ToList();

        Assert.Equal(100, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(InvitationLinks.LooksLikeToken(t), t));
        Assert.All(tokens, t => Assert.DoesNotContain(t, InvitationLinks.Hash(t), StringComparison.Ordinal));
        Assert.All(tokens, t => Assert.DoesNotMatch("[/\\\\#?]", InvitationLinks.Hash(t)));
        Assert.False(InvitationLinks.LooksLikeToken("../../etc/passwd"));
        Assert.Equal(InvitationLinks.AddressHash("Ana@Example.org "), InvitationLinks.AddressHash("ana@example.org"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("survey.example.org/api")]
    [InlineData("ftp://survey.example.org/api")]
    [InlineData("https://survey.example.org/api?x=1")]
    public void A_missing_or_bad_public_base_url_fails_validation_with_what_to_set(string? url)
    {
        var options = new CampaignOptions { PublicBaseUrl = url };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("Survey:Campaigns:PublicBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_public_base_url_the_app_fails_at_start_saying_what_to_set()
    {
        using var services = Infrastructure.StorageFixture.Build("UseDevelopmentStorage=true", new Dictionary<string, string?> { ["Survey:Campaigns:PublicBaseUrl"] = string.Empty });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Survey__Campaigns__PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_that_is_not_six_field_ncrontab_fails_validation()
    {
        var options = new CampaignOptions { PublicBaseUrl = "https://survey.example.org/api", ReminderSchedule = "0 14 * * *" };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("Survey:Campaigns:ReminderSchedule", StringComparison.Ordinal));
    }
}
