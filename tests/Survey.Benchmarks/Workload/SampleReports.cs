using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Survey.Shared.Plans;
using Survey.Shared.Reports;

namespace Survey.Benchmarks.Workload;

/// <summary>A plan the catalogue does not know, so its reports count under its derived (unverified) key.</summary>
internal sealed record BenchPlan(string Insurer, string Plan, string PlanType, string Funding)
{
    public string PlanKey { get; } = PlanKeys.Unverified(Insurer, Plan);

    /// <summary>Plan <paramref name="number"/> of a series; a new series gives new partitions.</summary>
    public static BenchPlan Numbered(string series, int number) => new(
        $"Benchmark {series}",
        string.Create(CultureInfo.InvariantCulture, $"Plan {number:000}"),
        ReportSchema.PlanTypes[number % 5],
        ReportSchema.Fundings[number % 3]);

    public static IReadOnlyList<BenchPlan> Series(string series, int count) => Enumerable.Range(0, count).Select(i => Numbered(series, i)).ToList();
}

/// <summary>
/// Valid, deterministic reports (report <c>i</c> of a plan is always the same one), spread over months,
/// roles and settings, with the optional fields a real report often carries, and the two shapes they
/// travel in: the POST body and the queue envelope.
/// </summary>
internal static class SampleReports
{
    /// <summary>As the app's source-generated context writes envelopes and rows: camelCase, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly decimal[] Amounts = [35m, 80m, 120.50m, 150m, 240m];

    public static Report Create(BenchPlan plan, int index)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var role = ReportSchema.ReporterRoles[index % 3];
        var outcome = ReportSchema.Outcomes[index * 7 % 6];
        var quoted = index % 5 == 0;
        return new Report
        {
            ReporterRole = role,
            State = "MA",
            Insurer = plan.Insurer,
            Plan = plan.Plan,
            ServiceMonth = string.Create(CultureInfo.InvariantCulture, $"2025-{(index / 3 % 12) + 1:00}"),
            Setting = ReportSchema.Settings[index / 36 % 5],
            Outcome = outcome,
            PlanType = plan.PlanType,
            Funding = plan.Funding,
            ProviderCredential = role == "ibclc" ? "ibclc" : null,
            NetworkStatus = "in-network",
            PriorAuthorizationRequired = ReportSchema.YesNoUnknown[index * 5 % 3],
            ToldCoveredBeforehand = ReportSchema.YesNoUnknown[index * 11 % 3],
            DenialReason = outcome is "denied" or "partially-covered" ? ReportSchema.DenialReasons[index % 7] : null,
            OutOfPocketUsd = index % 4 == 0 ? Amounts[index % 5] : null,
            AdvocacyActions = index % 3 == 0 ? ["called-insurer"] : [],
            Narrative = quoted ? "Home visit five days after birth; the plan said home visits were covered, then denied the claim." : null,
            ConsentToQuote = quoted ? true : null,
            Language = "en",
        };
    }

    /// <summary>The body a client posts to <c>/api/reports</c>.</summary>
    public static byte[] SubmissionBody(Report report, Guid submissionId)
    {
        var body = JsonSerializer.SerializeToNode(report, Json)!.AsObject();
        body["submissionId"] = submissionId.ToString("D");
        return JsonSerializer.SerializeToUtf8Bytes(body, Json);
    }

    /// <summary>The queue message the intake writes for an accepted report.</summary>
    public static string Envelope(Report report, string reportId, DateTimeOffset receivedAt)
        => JsonSerializer.Serialize(
            new ReportEnvelope
            {
                SchemaVersion = ReportEnvelope.CurrentSchemaVersion,
                ReportId = reportId,
                ReceivedAt = receivedAt,
                Report = report,
            },
            Json);

    public static ReportEnvelope ReadEnvelope(string message)
        => JsonSerializer.Deserialize<ReportEnvelope>(message, Json) ?? throw new JsonException("An empty envelope.");

    /// <summary>The JSON of a report as the report row stores it.</summary>
    public static string ReportJson(Report report) => JsonSerializer.Serialize(report, Json);
}
