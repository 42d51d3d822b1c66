using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Reports;

namespace Survey.Tests.Reports;

public sealed class ReportValidatorTests
{
    // Mid-June 2025 UTC: 2025-06 is the current month, 2025-07 the future.
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] RequiredFields = ["reporterRole", "state", "insurer", "serviceMonth", "setting", "outcome"];

    private static readonly (string Name, string Json)[] MinimalFields =
    [
        ("reporterRole", "\"ibclc\""),
        ("state", "\"TX\""),
        ("insurer", "\"Aetna\""),
        ("serviceMonth", "\"2025-01\""),
        ("setting", "\"home\""),
        ("outcome", "\"denied\""),
    ];

    [Fact]
    public void A_valid_minimal_report_is_accepted_and_trimmed()
    {
        var result = Validate("""
            {
              "reporterRole": " IBCLC ",
              "state": " tx\t",
              "insurer": "  Blue Cross Blue Shield of Texas  ",
              "serviceMonth": " 2025-06 ",
              "setting": "Telehealth",
              "outcome": " covered-in-full"
            }
            """);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        var submission = result.Submission!;
        Assert.Null(submission.SubmissionId);
        Assert.Null(submission.ContactEmail);
        var expected = new Report
        {
            ReporterRole = "ibclc",
            State = "TX",
            Insurer = "Blue Cross Blue Shield of Texas",
            ServiceMonth = "2025-06",
            Setting = "telehealth",
            Outcome = "covered-in-full",
            AdvocacyActions = submission.Report.AdvocacyActions,
        };
        Assert.Equal(expected, submission.Report);
        Assert.Empty(submission.Report.AdvocacyActions);
    }

    [Fact]
    public void A_full_valid_report_round_trips_every_field()
    {
        var result = Validate("""
            {
              "submissionId": "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
              "reporterRole": "family",
              "state": "pr",
              "insurer": "Triple-S",
              "serviceMonth": "2010-01",
              "setting": "hospital-outpatient",
              "outcome": "Partially-Covered",
              "plan": " Óptimo Plus ",
              "planType": "PPO",
              "funding": "self-funded",
              "employer": "Acme Corp",
              "providerCredential": "midwife",
              "networkStatus": "out-of-network",
              "priorAuthorizationRequired": "YES",
              "toldCoveredBeforehand": "no",
              "denialReason": "visit-limit",
              "outOfPocketUsd": 250.5,
              "advocacyActions": ["legislator", "called-insurer"],
              "narrative": "Line one.\nLine two 😀",
              "consentToQuote": true,
              "contactEmail": " parent@example.org ",
              "language": "ES"
            }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        var submission = result.Submission!;
        Assert.Equal(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), submission.SubmissionId);
        Assert.Equal("parent@example.org", submission.ContactEmail);
        var report = submission.Report;
        Assert.Equal("family", report.ReporterRole);
        Assert.Equal("PR", report.State);
        Assert.Equal("Triple-S", report.Insurer);
        Assert.Equal("2010-01", report.ServiceMonth);
        Assert.Equal("hospital-outpatient", report.Setting);
        Assert.Equal("partially-covered", report.Outcome);
        Assert.Equal("Óptimo Plus", report.Plan);
        Assert.Equal("ppo", report.PlanType);
        Assert.Equal("self-funded", report.Funding);
        Assert.Equal("Acme Corp", report.Employer);
        Assert.Equal("midwife", report.ProviderCredential);
        Assert.Equal("out-of-network", report.NetworkStatus);
        Assert.Equal("yes", report.PriorAuthorizationRequired);
        Assert.Equal("no", report.ToldCoveredBeforehand);
        Assert.Equal("visit-limit", report.DenialReason);
        Assert.Equal(250.5m, report.OutOfPocketUsd);
        Assert.Equal(["called-insurer", "legislator"], report.AdvocacyActions);
        Assert.Equal("Line one.\nLine two 😀", report.Narrative);
        Assert.True(report.ConsentToQuote);
        Assert.Equal("es", report.Language);

        // Other code puts the report on a queue as camelCase JSON.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(report, options);
        Assert.Contains("\"outOfPocketUsd\":250.5", json, StringComparison.Ordinal);
        Assert.DoesNotContain("parent@example.org", json, StringComparison.Ordinal);
        var copy = JsonSerializer.Deserialize<Report>(json, options)!;
        Assert.Equal(report.AdvocacyActions, copy.AdvocacyActions);
        Assert.Equal(report, copy with { AdvocacyActions = report.AdvocacyActions });
    }

    [Fact]
    public void A_report_with_three_bad_fields_names_all_three()
    {
        var result = Validate(Body(("state", "\"XX\""), ("serviceMonth", "\"2024-13\""), ("language", "\"fr\"")));

        Assert.False(result.IsValid);
        Assert.Null(result.Submission);
        Assert.Equal(["language", "serviceMonth", "state"], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_empty_object_names_every_required_field()
    {
        var result = Validate("{}");

        Assert.Equal(RequiredFields.Order(StringComparer.Ordinal), result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Errors.Values, messages => Assert.Equal(["Required."], messages));
    }

    [Theory]
    [InlineData("reporterRole", "null")]
    [InlineData("state", "\"\"")]
    [InlineData("insurer", "\"   \"")]
    [InlineData("serviceMonth", "\" \\t \"")]
    [InlineData("setting", "null")]
    [InlineData("outcome", "\"\"")]
    public void A_required_field_that_is_null_or_blank_is_required(string field, string json)
    {
        var result = Validate(Body((field, json)));

        Assert.Equal([field], result.Errors.Keys);
        Assert.Equal(["Required."], result.Errors[field]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{}]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"{}\"")]
    [InlineData("true")]
    public void A_body_that_is_not_an_object_is_a_body_error(string json)
    {
        var result = Validate(json);

        Assert.False(result.IsValid);
        Assert.Equal(["$"], result.Errors.Keys);
    }

    [Fact]
    public void A_default_json_element_is_a_body_error()
    {
        var result = new ReportValidator(Clock()).Validate(default);

        Assert.Equal(["$"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("tx")]
    [InlineData("Tx")]
    [InlineData(" tX ")]
    public void State_is_case_insensitive_and_stored_upper_case(string state)
    {
        var result = Validate(Body(("state", Quote(state))));

        Assert.Equal("TX", result.Submission!.Report.State);
    }

    [Fact]
    public void Every_state_dc_and_territory_is_accepted()
    {
        Assert.Equal(56, ReportSchema.StateCodes.Length);
        Assert.Equal(56, ReportSchema.StateCodes.Distinct().Count());

        foreach (var state in ReportSchema.StateCodes)
        {
            Assert.Equal(state, Validate(Body(("state", Quote(state.ToLowerInvariant())))).Submission?.Report.State);
        }
    }

    [Theory]
    [InlineData("ZZ")]
    [InlineData("USA")]
    [InlineData("Texas")]
    [InlineData("T X")]
    public void Unknown_state_codes_are_rejected(string state)
    {
        var result = Validate(Body(("state", Quote(state))));

        Assert.Equal(["state"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("reporterRole", "Other-Provider", "other-provider")]
    [InlineData("setting", "INPATIENT", "inpatient")]
    [InlineData("outcome", "Not-Billed", "not-billed")]
    [InlineData("planType", "TriCare", "tricare")]
    [InlineData("funding", "Fully-Insured", "fully-insured")]
    [InlineData("providerCredential", "IBCLC", "ibclc")]
    [InlineData("networkStatus", "In-Network", "in-network")]
    [InlineData("priorAuthorizationRequired", "Unknown", "unknown")]
    [InlineData("toldCoveredBeforehand", "YES", "yes")]
    [InlineData("denialReason", "No-Prior-Authorization", "no-prior-authorization")]
    [InlineData("language", "PT", "pt")]
    public void Enumerated_values_are_case_insensitive_and_stored_lower_case(string field, string sent, string stored)
    {
        var result = Validate(Body((field, Quote(sent))));

        var report = result.Submission!.Report;
        var actual = field switch
        {
            "reporterRole" => report.ReporterRole,
            "setting" => report.Setting,
            "outcome" => report.Outcome,
            "planType" => report.PlanType,
            "funding" => report.Funding,
            "providerCredential" => report.ProviderCredential,
            "networkStatus" => report.NetworkStatus,
            "priorAuthorizationRequired" => report.PriorAuthorizationRequired,
            "toldCoveredBeforehand" => report.ToldCoveredBeforehand,
            "denialReason" => report.DenialReason,
            "language" => report.Language,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        Assert.Equal(stored, actual);
    }

    [Theory]
    [InlineData("reporterRole", "doula")]
    [InlineData("setting", "car")]
    [InlineData("outcome", "approved")]
    [InlineData("planType", "hmo-plus")]
    [InlineData("funding", "partly")]
    [InlineData("providerCredential", "doctor")]
    [InlineData("networkStatus", "in network")]
    [InlineData("priorAuthorizationRequired", "maybe")]
    [InlineData("toldCoveredBeforehand", "y")]
    [InlineData("denialReason", "because")]
    [InlineData("language", "fr")]
    public void Enumerated_fields_reject_values_outside_the_schema(string field, string value)
    {
        var result = Validate(Body((field, Quote(value))));

        Assert.Equal([field], result.Errors.Keys);
        Assert.StartsWith("Must be one of: ", result.Errors[field].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enumeration_error_lists_the_allowed_values_in_schema_order()
    {
        var result = Validate(Body(("reporterRole", "\"doula\"")));

        Assert.Equal(["Must be one of: ibclc, family, other-provider."], result.Errors["reporterRole"]);
    }

    [Theory]
    [InlineData("2025-06")]
    [InlineData("2010-01")]
    [InlineData("2019-12")]
    public void Service_months_from_2010_to_the_current_month_are_accepted(string month)
    {
        Assert.Equal(month, Validate(Body(("serviceMonth", Quote(month)))).Submission?.Report.ServiceMonth);
    }

    [Theory]
    [InlineData("2025-07")]
    [InlineData("2026-01")]
    [InlineData("9999-12")]
    public void Service_month_in_the_future_is_rejected(string month)
    {
        var result = Validate(Body(("serviceMonth", Quote(month))));

        Assert.Equal(["Must not be in the future."], result.Errors["serviceMonth"]);
    }

    [Fact]
    public void Service_month_before_2010_is_rejected()
    {
        var result = Validate(Body(("serviceMonth", "\"2009-12\"")));

        Assert.Equal(["serviceMonth"], result.Errors.Keys);
    }

    [Fact]
    public void The_current_month_is_taken_in_utc_from_the_time_provider()
    {
        var body = Body(("serviceMonth", "\"2025-07\""));

        // 20:30 on 30 June in New York is already July in UTC.
        var lateJune = new FakeTimeProvider(new DateTimeOffset(2025, 6, 30, 20, 30, 0, TimeSpan.FromHours(-4)));
        Assert.True(Validate(body, lateJune).IsValid);

        var justBefore = new FakeTimeProvider(new DateTimeOffset(2025, 6, 30, 23, 59, 59, TimeSpan.Zero));
        Assert.False(Validate(body, justBefore).IsValid);
    }

    [Theory]
    [InlineData("\"2024-13\"")]
    [InlineData("\"2024-00\"")]
    [InlineData("\"2024-1\"")]
    [InlineData("\"24-01\"")]
    [InlineData("\"2024/01\"")]
    [InlineData("\"2024-01-15\"")]
    [InlineData("\"202401\"")]
    [InlineData("\"January 2024\"")]
    [InlineData("\"２０２４-０１\"")]
    [InlineData("\"+024-01\"")]
    [InlineData("202401")]
    public void A_malformed_service_month_is_rejected(string json)
    {
        var result = Validate(Body(("serviceMonth", json)));

        Assert.Equal(["serviceMonth"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301")]
    public void Submission_id_is_parsed_from_the_hyphenated_uuid_form(string id)
    {
        var result = Validate(Body(("submissionId", Quote(id))));

        Assert.Equal(new Guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), result.Submission!.SubmissionId);
    }

    [Theory]
    [InlineData("\"{3f2504e0-4f89-11d3-9a0c-0305e82c3301}\"")]
    [InlineData("\"3f2504e04f8911d39a0c0305e82c3301\"")]
    [InlineData("\"3f2504e0-4f89-11d3-9a0c-0305e82c330\"")]
    [InlineData("\"not-a-uuid\"")]
    [InlineData("42")]
    public void Submission_id_in_any_other_form_is_rejected(string json)
    {
        var result = Validate(Body(("submissionId", json)));

        Assert.Equal(["submissionId"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("insurer", 120)]
    [InlineData("plan", 120)]
    [InlineData("employer", 120)]
    [InlineData("narrative", 4000)]
    public void Text_at_the_length_limit_after_trimming_is_accepted(string field, int limit)
    {
        var text = new string('a', limit);

        var result = Validate(Body((field, Quote("  " + text + "  "))));

        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("insurer", 120)]
    [InlineData("plan", 120)]
    [InlineData("employer", 120)]
    [InlineData("narrative", 4000)]
    public void Text_over_the_length_limit_is_rejected(string field, int limit)
    {
        var result = Validate(Body((field, Quote(new string('a', limit + 1)))));

        Assert.Equal([$"Must be at most {limit} characters."], result.Errors[field]);
    }

    [Theory]
    [InlineData("submissionId")]
    [InlineData("plan")]
    [InlineData("planType")]
    [InlineData("funding")]
    [InlineData("employer")]
    [InlineData("providerCredential")]
    [InlineData("networkStatus")]
    [InlineData("priorAuthorizationRequired")]
    [InlineData("toldCoveredBeforehand")]
    [InlineData("denialReason")]
    [InlineData("outOfPocketUsd")]
    [InlineData("advocacyActions")]
    [InlineData("narrative")]
    [InlineData("consentToQuote")]
    [InlineData("contactEmail")]
    [InlineData("language")]
    public void An_optional_field_that_is_null_or_blank_counts_as_absent(string field)
    {
        var asNull = Validate(Body((field, "null")));
        Assert.True(asNull.IsValid);
        Assert.Equal(Validate(Body()).Submission!.Report with { AdvocacyActions = [] }, asNull.Submission!.Report with { AdvocacyActions = [] });
        Assert.Empty(asNull.Submission.Report.AdvocacyActions);
        Assert.Null(asNull.Submission.ContactEmail);
        Assert.Null(asNull.Submission.SubmissionId);

        if (field is not ("outOfPocketUsd" or "advocacyActions" or "consentToQuote"))
        {
            var blank = Validate(Body((field, "\" \\t\\n \"")));
            Assert.True(blank.IsValid);
            Assert.Equal(asNull.Submission, blank.Submission);
        }
    }

    [Theory]
    [InlineData("insurer", "42", "Must be a string.")]
    [InlineData("insurer", "{\"name\":\"Aetna\"}", "Must be a string.")]
    [InlineData("state", "[\"TX\"]", "Must be a string.")]
    [InlineData("reporterRole", "true", "Must be a string.")]
    [InlineData("narrative", "[]", "Must be a string.")]
    [InlineData("contactEmail", "1", "Must be a string.")]
    [InlineData("consentToQuote", "\"true\"", "Must be true or false.")]
    [InlineData("consentToQuote", "1", "Must be true or false.")]
    [InlineData("outOfPocketUsd", "{}", "Must be a number.")]
    [InlineData("outOfPocketUsd", "\"12.50\"", "Must be a number.")]
    [InlineData("outOfPocketUsd", "false", "Must be a number.")]
    [InlineData("advocacyActions", "\"legislator\"", "Must be an array of strings.")]
    [InlineData("advocacyActions", "{}", "Must be an array of strings.")]
    [InlineData("advocacyActions", "[1]", "Must be an array of strings.")]
    [InlineData("advocacyActions", "[null]", "Must be an array of strings.")]
    public void A_wrong_json_type_is_an_error_for_that_field(string field, string json, string message)
    {
        var result = Validate(Body((field, json)));

        Assert.Equal([field], result.Errors.Keys);
        Assert.Equal([message], result.Errors[field]);
    }

    [Fact]
    public void Unknown_fields_are_rejected_by_name()
    {
        var result = Validate(Body(("zipCode", "\"78701\""), ("State", "\"TX\""), ("", "1"), ("extra", "null")));

        Assert.Equal(["", "State", "extra", "zipCode"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Errors.Values, messages => Assert.Equal(["Unknown field."], messages));
    }

    [Fact]
    public void An_unknown_field_sent_twice_is_reported_once()
    {
        var result = Validate(Body(("extra", "1"), ("extra", "2")));

        Assert.Equal(["extra"], result.Errors.Keys);
        Assert.Equal(["Unknown field."], result.Errors["extra"]);
    }

    [Fact]
    public void Duplicate_fields_are_rejected()
    {
        var result = Validate(Body(("plan", "\"Gold\""), ("plan", "\"Gold\""), ("language", "\"en\""), ("language", "\"fr\""), ("language", "null")));

        Assert.Equal(["language", "plan"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Errors.Values, messages => Assert.Equal(["Must appear only once."], messages));
    }

    [Fact]
    public void A_duplicated_required_field_is_not_also_called_required()
    {
        var result = Validate(Body(("insurer", "\"Cigna\""), ("insurer", "\"Aetna\"")));

        Assert.Equal(["insurer"], result.Errors.Keys);
        Assert.Equal(["Must appear only once."], result.Errors["insurer"]);
    }

    [Theory]
    [InlineData("denied")]
    [InlineData("partially-covered")]
    [InlineData("PARTIALLY-COVERED")]
    public void Denial_reason_is_accepted_with_a_denied_or_partially_covered_outcome(string outcome)
    {
        var result = Validate(Body(("outcome", Quote(outcome)), ("denialReason", "\"setting-not-covered\"")));

        Assert.Equal("setting-not-covered", result.Submission!.Report.DenialReason);
    }

    [Theory]
    [InlineData("covered-in-full")]
    [InlineData("covered-with-cost-share")]
    [InlineData("pending")]
    [InlineData("not-billed")]
    public void Denial_reason_requires_a_denied_or_partially_covered_outcome(string outcome)
    {
        var result = Validate(Body(("outcome", Quote(outcome)), ("denialReason", "\"other\"")));

        Assert.Equal(["denialReason"], result.Errors.Keys);
    }

    [Fact]
    public void A_blank_denial_reason_is_fine_with_any_outcome()
    {
        var result = Validate(Body(("outcome", "\"covered-in-full\""), ("denialReason", "\"  \"")));

        Assert.True(result.IsValid);
        Assert.Null(result.Submission!.Report.DenialReason);
    }

    [Fact]
    public void Denial_reason_is_not_judged_against_an_invalid_outcome()
    {
        var result = Validate(Body(("outcome", "\"approved\""), ("denialReason", "\"other\"")));

        Assert.Equal(["outcome"], result.Errors.Keys);
    }

    [Fact]
    public void Control_characters_are_rejected_but_narrative_keeps_line_breaks()
    {
        var accepted = Validate(Body(("narrative", "\"Visit 1:\\r\\n\\tlatch fixed.\\nVisit 2: fine.\"")));
        Assert.Equal("Visit 1:\r\n\tlatch fixed.\nVisit 2: fine.", accepted.Submission!.Report.Narrative);

        var rejected = Validate(Body(("insurer", "\"Aetna\\nHMO\""), ("plan", "\"Gold\\tPlus\""), ("narrative", "\"bell\\u0007\"")));
        Assert.Equal(["insurer", "narrative", "plan"], rejected.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(rejected.Errors.Values, messages => Assert.Equal(["Must not contain control characters."], messages));
    }

    [Theory]
    [InlineData("insurer", "\\u0000")]
    [InlineData("insurer", "\\u001f")]
    [InlineData("plan", "\\u007f")]
    [InlineData("employer", "\\u0085")]
    [InlineData("employer", "\\u009f")]
    [InlineData("narrative", "\\u0000")]
    [InlineData("narrative", "\\u001b")]
    [InlineData("narrative", "\\u000b")]
    [InlineData("narrative", "\\u0080")]
    [InlineData("contactEmail", "\\u0000")]
    [InlineData("state", "\\u0000")]
    [InlineData("submissionId", "\\u0000")]
    [InlineData("serviceMonth", "\\u0000")]
    public void Control_characters_are_rejected_in_every_text_field(string field, string escape)
    {
        var result = Validate(Body((field, $"\"x{escape}x\"")));

        Assert.Equal([field], result.Errors.Keys);
        Assert.Equal(["Must not contain control characters."], result.Errors[field]);
    }

    [Theory]
    [InlineData("insurer", "\"Aetna\\ud800\"")]
    [InlineData("narrative", "\"\\udc00 text\"")]
    [InlineData("plan", "\"\\ude00\\ud83d\"")]
    [InlineData("contactEmail", "\"a\\ud800@example.org\"")]
    [InlineData("advocacyActions", "[\"other\\ud800\"]")]
    public void Unpaired_surrogates_are_rejected(string field, string json)
    {
        var result = Validate(Body((field, json)));

        Assert.Equal([field], result.Errors.Keys);
    }

    [Fact]
    public void Surrogate_pairs_are_accepted()
    {
        var result = Validate(Body(("insurer", "\"Aetna \\ud83d\\ude00\"")));

        Assert.Equal("Aetna 😀", result.Submission!.Report.Insurer);
    }

    [Fact]
    public void An_unpaired_surrogate_in_a_field_name_is_a_body_error_not_an_exception()
    {
        var result = Validate(Body(("x\\ud800", "1")));

        Assert.Equal(["$"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("12.5", 12.5)]
    [InlineData("12.50", 12.5)]
    [InlineData("12.500", 12.5)]
    [InlineData("99999.99", 99999.99)]
    [InlineData("100000", 100000)]
    [InlineData("1.5e2", 150)]
    [InlineData("100e-2", 1)]
    [InlineData("0e-50", 0)]
    public void Out_of_pocket_with_at_most_two_decimals_is_accepted(string json, double expected)
    {
        var result = Validate(Body(("outOfPocketUsd", json)));

        Assert.Equal((decimal)expected, result.Submission!.Report.OutOfPocketUsd);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("0.001")]
    [InlineData("1.005")]
    [InlineData("12345e-3")]
    [InlineData("1e-30")]
    [InlineData("1e-400")]
    public void Out_of_pocket_with_three_decimals_is_rejected(string json)
    {
        var result = Validate(Body(("outOfPocketUsd", json)));

        Assert.Equal(["Must have at most 2 decimal places."], result.Errors["outOfPocketUsd"]);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("-1")]
    [InlineData("100000.01")]
    [InlineData("1e6")]
    public void Out_of_pocket_outside_0_to_100000_is_rejected(string json)
    {
        var result = Validate(Body(("outOfPocketUsd", json)));

        Assert.Equal(["Must be between 0 and 100000."], result.Errors["outOfPocketUsd"]);
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("-1e309")]
    [InlineData("1e99999999999999999999")]
    [InlineData("79228162514264337593543950336")]
    public void Out_of_pocket_of_1e309_is_a_field_error_not_an_exception(string json)
    {
        var result = Validate(Body(("outOfPocketUsd", json)));

        Assert.Equal(["outOfPocketUsd"], result.Errors.Keys);
    }

    [Fact]
    public void Advocacy_actions_are_a_set_kept_in_schema_order()
    {
        var result = Validate(Body(("advocacyActions", "[\"other\", \"Formal-Appeal\", \" called-insurer \", \"formal-appeal\", \"OTHER\"]")));

        Assert.Equal(["called-insurer", "formal-appeal", "other"], result.Submission!.Report.AdvocacyActions);
    }

    [Fact]
    public void An_empty_advocacy_action_list_is_accepted()
    {
        var result = Validate(Body(("advocacyActions", "[]")));

        Assert.Empty(result.Submission!.Report.AdvocacyActions);
    }

    [Theory]
    [InlineData("[\"protest\"]")]
    [InlineData("[\"legislator\", \"\"]")]
    [InlineData("[\"legislator\", \"sued\"]")]
    public void Advocacy_actions_outside_the_schema_are_rejected(string json)
    {
        var result = Validate(Body(("advocacyActions", json)));

        Assert.Equal(
            ["Must contain only: called-insurer, employer-hr, insurance-regulator, legislator, formal-appeal, other."],
            result.Errors["advocacyActions"]);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Consent_to_quote_is_a_json_boolean(string json, bool expected)
    {
        Assert.Equal(expected, Validate(Body(("consentToQuote", json))).Submission!.Report.ConsentToQuote);
    }

    [Theory]
    [InlineData("parent@example.org")]
    [InlineData("first.last+survey@mail.example.co.uk")]
    [InlineData("  ibclc@clinic.example  ")]
    public void A_plausible_contact_email_is_kept_beside_the_report(string email)
    {
        var result = Validate(Body(("contactEmail", Quote(email))));

        Assert.Equal(email.Trim(), result.Submission!.ContactEmail);
    }

    [Theory]
    [InlineData("parent")]
    [InlineData("parent@")]
    [InlineData("@example.org")]
    [InlineData("parent@localhost")]
    [InlineData("parent@example.")]
    [InlineData("parent@.org")]
    [InlineData("par ent@example.org")]
    [InlineData("\"par ent\"@example.org")]
    [InlineData("Parent <parent@example.org>")]
    [InlineData("a@example.org, b@example.org")]
    [InlineData("a@example.org;b@example.org")]
    [InlineData("parent@@example.org")]
    [InlineData("parent@exa mple.org")]
    public void Implausible_contact_emails_are_rejected(string email)
    {
        var result = Validate(Body(("contactEmail", Quote(email))));

        Assert.Equal(["contactEmail"], result.Errors.Keys);
    }

    [Fact]
    public void Contact_email_longer_than_254_characters_is_rejected()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".org";
        var atLimit = $"{local}@{domain}".PadLeft(254, 'c');
        Assert.Equal(254, atLimit.Length);
        Assert.True(Validate(Body(("contactEmail", Quote(atLimit)))).IsValid);

        var result = Validate(Body(("contactEmail", Quote("c" + atLimit))));
        Assert.Equal(["Must be at most 254 characters."], result.Errors["contactEmail"]);
    }

    [Fact]
    public void Field_names_list_every_accepted_field_once()
    {
        Assert.Equal(22, ReportSchema.FieldNames.Length);
        Assert.Equal(ReportSchema.FieldNames.Length, ReportSchema.FieldNames.Distinct(StringComparer.Ordinal).Count());

        // Every listed name is accepted: a body with all of them null apart from the required ones is valid.
        var optional = ReportSchema.FieldNames.Except(RequiredFields).Select(name => (name, "null")).ToArray();
        Assert.True(Validate(Body(optional)).IsValid);
    }

    [Theory]
    [InlineData("{\"insurer\": {\"a\": [1, 2, {\"b\": null}]}}")]
    [InlineData("{\"advocacyActions\": [[], {}, 1.5, true, null, \"\\ud800\"]}")]
    [InlineData("{\"outOfPocketUsd\": -1e-999999}")]
    [InlineData("{\"consentToQuote\": {\"consentToQuote\": true}}")]
    [InlineData("{\"\": \"\", \"$\": 1}")]
    public void Odd_bodies_give_errors_not_exceptions(string json)
    {
        var result = Validate(json);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
    }

    private static FakeTimeProvider Clock() => new(Now);

    private static ReportValidationResult Validate(string json, TimeProvider? time = null)
    {
        using var document = JsonDocument.Parse(json);
        return new ReportValidator(time ?? Clock()).Validate(document.RootElement);
    }

    /// <summary>
    /// A minimal valid body. A given field replaces the minimal one of the same name, in place;
    /// values are raw JSON so tests can send escapes, wrong types and repeated names exactly.
    /// </summary>
    private static string Body(params (string Name, string Json)[] fields)
    {
        var replaced = fields.Select(field => field.Name).ToHashSet(StringComparer.Ordinal);
        var all = MinimalFields.Where(field => !replaced.Contains(field.Name)).Concat(fields);
        return "{" + string.Join(",", all.Select(field => $"\"{field.Name}\":{field.Json}")) + "}";
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
