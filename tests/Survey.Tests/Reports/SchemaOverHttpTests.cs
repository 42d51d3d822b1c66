using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

/// <summary>Each schema rule, seen through the HTTP function and the real queue (details in ReportValidatorTests).</summary>
[Collection(ServiceGroup.Name)]
public sealed class SchemaOverHttpTests(ServiceFixture fixture)
{
    [Theory]
    [InlineData("reporterRole", null)]
    [InlineData("reporterRole", "\"nurse\"")]
    [InlineData("state", "\"ZZ\"")]
    [InlineData("insurer", "\"\"")]
    [InlineData("insurer", "42")]
    [InlineData("insurer", "\"Aetna\\u0007\"")]
    [InlineData("serviceMonth", "\"2009-12\"")]
    [InlineData("serviceMonth", "\"2999-01\"")]
    [InlineData("serviceMonth", "\"2025-13\"")]
    [InlineData("setting", "\"garage\"")]
    [InlineData("outcome", "\"maybe\"")]
    [InlineData("submissionId", "\"not-a-uuid\"")]
    [InlineData("plan", "LONG")]
    [InlineData("planType", "\"hmo-ish\"")]
    [InlineData("funding", "\"aso\"")]
    [InlineData("employer", "LONG")]
    [InlineData("providerCredential", "\"doula\"")]
    [InlineData("networkStatus", "\"sometimes\"")]
    [InlineData("priorAuthorizationRequired", "\"maybe\"")]
    [InlineData("toldCoveredBeforehand", "true")]
    [InlineData("denialReason", "\"visit-limit\"")]
    [InlineData("outOfPocketUsd", "-1")]
    [InlineData("outOfPocketUsd", "100000.01")]
    [InlineData("outOfPocketUsd", "12.345")]
    [InlineData("outOfPocketUsd", "1e309")]
    [InlineData("advocacyActions", "[\"protest\"]")]
    [InlineData("narrative", "HUGE")]
    [InlineData("consentToQuote", "\"yes\"")]
    [InlineData("contactEmail", "\"not an address\"")]
    [InlineData("language", "\"fr\"")]
    [InlineData("somethingElse", "1")]
    public async Task A_report_breaking_one_rule_is_refused_naming_that_field(string field, string? json)
    {
        var report = SampleReports.Valid(SampleReports.UniqueInsurer());
        report.Remove(field);
        var body = report.ToJsonString();
        if (json is not null)
        {
            var value = json switch
            {
                "LONG" => $"\"{new string('x', 121)}\"",
                "HUGE" => $"\"{new string('x', 4001)}\"",
                _ => json,
            };
            body = body[..^1] + $",\"{field}\":{value}}}";
        }

        using var response = await fixture.Client.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task A_full_valid_report_is_accepted()
    {
        var report = SampleReports.Valid(SampleReports.UniqueInsurer(), "HMO Blue", outcome: "partially-covered");
        report["submissionId"] = Guid.NewGuid().ToString();
        report["planType"] = "HMO";
        report["funding"] = "self-funded";
        report["employer"] = "Acme";
        report["providerCredential"] = "ibclc";
        report["networkStatus"] = "out-of-network";
        report["priorAuthorizationRequired"] = "yes";
        report["toldCoveredBeforehand"] = "yes";
        report["denialReason"] = "setting-not-covered";
        report["outOfPocketUsd"] = 150.5;
        report["advocacyActions"] = new JsonArray("employer-hr", "called-insurer", "employer-hr");
        report["narrative"] = "Twins.\nHome visits were refused.";
        report["consentToQuote"] = false;
        report["contactEmail"] = "parent@example.org";
        report["language"] = "pt";

        using var response = await fixture.Client.PostAsJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
