using Survey.Shared.Campaigns;

namespace Survey.Tests.Campaigns;

public sealed class CampaignRulesTests
{
    private static readonly DateTimeOffset Opens = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_mail_subject_with_a_line_break_is_refused_while_a_body_may_run_over_lines()
    {
        var texts = new Dictionary<string, CampaignMailText>
        {
            ["en"] = new("Tell us\nabout your coverage", "First line.\r\nSecond line.", "Reminder\tsubject", "One\nmore\nline."),
            ["es"] = new("Cuéntenos", "Una línea.\nOtra línea.", "Recordatorio", "Gracias."),
        };

        var errors = CampaignRules.Check(new NewCampaign("Spring", Opens, Opens.AddMonths(1), Texts: texts));

        Assert.Equal(["texts.en.reminderSubject", "texts.en.subject"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.EndsWith("characters on one line.", Assert.Single(messages), StringComparison.Ordinal));
    }

    [Fact]
    public void A_body_over_its_limit_is_refused_without_asking_for_one_line()
    {
        var texts = new Dictionary<string, CampaignMailText> { ["pt"] = new(Body: new string('x', CampaignRules.MaxText + 1)) };

        var errors = CampaignRules.Check(new NewCampaign("Spring", Opens, Opens.AddMonths(1), Texts: texts));

        var message = Assert.Single(Assert.Single(errors, e => e.Key == "texts.pt.body").Value);
        Assert.Equal($"Leave it out for the default text, or give 1 to {CampaignRules.MaxText} characters.", message);
    }
}
