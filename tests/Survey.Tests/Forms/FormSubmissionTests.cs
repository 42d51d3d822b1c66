using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Tests.Forms;

/// <summary>The web form's fields mapped to report schema v1, judged by the one validator.</summary>
public sealed class FormSubmissionTests
{
    private static readonly ReportValidator Validator = new(new FakeTimeProvider(new DateTimeOffset(2025, 9, 15, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Every_field_of_the_form_maps_to_its_schema_field_and_passes_the_validator()
    {
        var id = Guid.NewGuid().ToString();
        var result = Validate(
            ("submissionId", id), ("language", "pt"), ("reporterRole", "family"), ("state", "ma"), ("insurer", "  Acme Health  "),
            ("plan", "Gold"), ("serviceMonth", "2025-06"), ("setting", "home"), ("outcome", "partially-covered"), ("planType", "ppo"),
            ("funding", "self-funded"), ("employer", "Biotech Inc"), ("providerCredential", "ibclc"), ("networkStatus", "out-of-network"),
            ("priorAuthorizationRequired", "yes"), ("toldCoveredBeforehand", "no"), ("denialReason", "visit-limit"), ("outOfPocketUsd", "85,50"),
            ("advocacyActions", "formal-appeal"), ("advocacyActions", "called-insurer"), ("narrative", "Line one\r\nLine two"),
            ("consentToQuote", "true"), ("contactEmail", "parent@example.org"), ("website", string.Empty), ("send", "Send report"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Key + ": " + string.Join(' ', e.Value))));
        var submission = result.Submission!;
        var report = submission.Report;
        Assert.Equal(Guid.Parse(id), submission.SubmissionId);
        Assert.Equal("parent@example.org", submission.ContactEmail);
        Assert.Equal(("family", "MA", "Acme Health", "Gold", "2025-06"), (report.ReporterRole, report.State, report.Insurer, report.Plan, report.ServiceMonth));
        Assert.Equal(("home", "partially-covered", "ppo", "self-funded", "Biotech Inc"), (report.Setting, report.Outcome, report.PlanType, report.Funding, report.Employer));
        Assert.Equal(("ibclc", "out-of-network", "yes", "no", "visit-limit"), (report.ProviderCredential, report.NetworkStatus, report.PriorAuthorizationRequired, report.ToldCoveredBeforehand, report.DenialReason));
        Assert.Equal(85.50m, report.OutOfPocketUsd);
        Assert.Equal(["called-insurer", "formal-appeal"], report.AdvocacyActions);
        Assert.Equal("Line one\r\nLine two", report.Narrative);
        Assert.True(report.ConsentToQuote);
        Assert.Equal("pt", report.Language);
    }

    [Fact]
    public void Blank_answers_are_no_answers_and_an_unticked_box_is_not_consent()
    {
        var result = Validate(Required(("plan", "   "), ("planType", string.Empty), ("outOfPocketUsd", " "), ("contactEmail", string.Empty)));

        Assert.True(result.IsValid);
        var report = result.Submission!.Report;
        Assert.Null(report.Plan);
        Assert.Null(report.PlanType);
        Assert.Null(report.OutOfPocketUsd);
        Assert.Null(report.ConsentToQuote);
        Assert.Empty(report.AdvocacyActions);
        Assert.Null(result.Submission.ContactEmail);
    }

    [Fact]
    public void Fields_outside_the_schema_are_not_part_of_the_report()
    {
        using var json = JsonDocument.Parse(FormSubmission.ToJson(Values(Required(("website", "x"), ("send", "1"), ("favouriteColour", "blue")))));

        Assert.DoesNotContain(json.RootElement.EnumerateObject(), p => p.Name is "website" or "send" or "favouriteColour");
    }

    [Fact]
    public void A_field_sent_twice_is_reported_by_the_validator_as_sent_twice()
    {
        var result = Validate(Required(("plan", "Gold"), ("plan", "Silver")));

        Assert.Equal(["Must appear only once."], result.Errors["plan"]);
        Assert.Equal("once", FormErrors.Kind(result.Errors["plan"][0]));
    }

    [Fact]
    public void An_amount_that_is_not_a_number_stays_text_so_the_validator_says_it_must_be_a_number()
    {
        var result = Validate(Required(("outOfPocketUsd", "about forty")));

        Assert.Equal(["Must be a number."], result.Errors["outOfPocketUsd"]);
    }

    [Theory]
    [InlineData("150", "150")]
    [InlineData("$1,200", "1200")]
    [InlineData("US$ 40", "40")]
    [InlineData("85,50", "85.50")]
    [InlineData("85.5", "85.5")]
    [InlineData("1.200,50", "1200.50")]
    [InlineData("1,200.50", "1200.50")]
    [InlineData("1.200", "1200")]
    [InlineData("0.125", "0.125")]
    [InlineData(" 0 ", "0")]
    [InlineData("-5", "-5")]
    [InlineData("lots", null)]
    [InlineData("12$", null)]
    [InlineData("", null)]
    public void Amounts_are_read_the_way_people_type_them(string typed, string? expected)
    {
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FormSubmission.ReadAmount(typed));
    }

    [Theory]
    [InlineData("12.3456", "Must have at most 2 decimal places.")]
    [InlineData("-5", "Must be between 0 and 100000.")]
    [InlineData("250000", "Must be between 0 and 100000.")]
    public void An_amount_the_schema_refuses_gets_the_validators_message(string typed, string message)
    {
        Assert.Equal([message], Validate(Required(("outOfPocketUsd", typed))).Errors["outOfPocketUsd"]);
    }

    [Theory]
    [InlineData("website", "http://spam.example", true)]
    [InlineData("website", "   ", false)]
    [InlineData("insurer", "Acme", false)]
    public void Only_a_filled_honeypot_marks_a_post_as_not_a_report(string name, string value, bool filled)
    {
        Assert.Equal(filled, FormSubmission.FilledHoneypot(Values([(name, value)])));
    }

    [Fact]
    public void The_form_body_is_read_as_url_encoded_utf8_with_repeated_fields_kept_in_order()
    {
        var values = FormValues.Parse("insurer=S%C3%A3o+Paulo+Sa%C3%BAde&advocacyActions=legislator&advocacyActions=other&narrative=a%0D%0Ab");

        Assert.Equal("São Paulo Saúde", values.Get("insurer"));
        Assert.Equal(["legislator", "other"], values.GetAll("advocacyActions"));
        Assert.Equal("a\r\nb", values.Get("narrative"));
        Assert.Empty(values.GetAll("plan"));
    }

    private static (string, string)[] Required(params (string, string)[] more)
        => [("reporterRole", "ibclc"), ("state", "MA"), ("insurer", "Acme"), ("serviceMonth", "2025-06"), ("setting", "office"), ("outcome", "denied"), .. more];

    private static FormValues Values(IEnumerable<(string Name, string Value)> pairs)
        => new(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    private static ReportValidationResult Validate(params (string, string)[] pairs)
    {
        using var json = JsonDocument.Parse(FormSubmission.ToJson(Values(pairs)));
        return Validator.Validate(json.RootElement);
    }
}
