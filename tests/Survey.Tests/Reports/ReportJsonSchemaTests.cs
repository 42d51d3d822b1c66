using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Survey.Shared.Reports;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

/// <summary>
/// The report's schemas in openapi.json are generated from the questionnaire. To regenerate them after changing a
/// question, run this class with <c>SURVEY_WRITE_OPENAPI=1</c>:
/// <c>SURVEY_WRITE_OPENAPI=1 dotnet test tests/Survey.Tests --filter "FullyQualifiedName~ReportJsonSchemaTests"</c>.
/// </summary>
public sealed class ReportJsonSchemaTests
{
    private static readonly string RepoDocument = Path.Combine(Repository.Root, "functions", "Survey.Functions", "openapi.json");

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void The_report_schemas_in_openapi_json_are_the_ones_generated_from_the_questionnaire()
    {
        if (Environment.GetEnvironmentVariable("SURVEY_WRITE_OPENAPI") == "1")
        {
            Write();
        }

        var schemas = JsonNode.Parse(File.ReadAllText(RepoDocument))!["components"]!["schemas"]!;

        AssertSameJson(ReportJsonSchema.Submission(Questionnaire.Default), schemas["ReportSubmission"]);
        AssertSameJson(ReportJsonSchema.Form(Questionnaire.Default), schemas["ReportForm"]);
    }

    internal static void AssertSameJson(JsonNode expected, JsonNode? actual)
    {
        // Compared as written, so a difference shows where it is; the regeneration writes the same way.
        Assert.Equal(expected.ToJsonString(Written), actual?.ToJsonString(Written));
    }

    private static void Write()
    {
        var document = JsonNode.Parse(File.ReadAllText(RepoDocument))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        schemas["ReportSubmission"] = ReportJsonSchema.Submission(Questionnaire.Default);
        schemas["ReportForm"] = ReportJsonSchema.Form(Questionnaire.Default);
        File.WriteAllText(RepoDocument, document.ToJsonString(Written) + "\n");
    }
}
