using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Survey.Local;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

[Collection(StorageGroup.Name)]
public sealed class ReportIntakeTests(StorageFixture fixture)
{
    private ReportIntake Intake => fixture.Services.GetRequiredService<ReportIntake>();

    [Fact]
    public async Task An_accepted_report_is_on_the_queue_and_decodes_by_the_rule_host_json_gives_the_trigger()
    {
        var submissionId = Guid.NewGuid();
        var body = SampleReports.Valid(SampleReports.UniqueInsurer());
        body["submissionId"] = submissionId.ToString();
        body["contactEmail"] = "someone@example.org";

        var result = await Intake.SubmitJsonAsync("application/json", Stream(body.ToJsonString()), default);

        var accepted = Assert.IsType<IntakeResult.Accepted>(result);
        Assert.Equal(submissionId.ToString("D"), accepted.ReportId);

        // Raw, it is base64 text (well under the 64 KiB queue limit).
        var raw = (await fixture.RawQueue(StorageNames.ReportsQueue).PeekMessagesAsync(32)).Value;
        Assert.Contains(raw, m => Encoding.UTF8.GetString(Convert.FromBase64String(m.MessageText)).Contains(accepted.ReportId, StringComparison.Ordinal));

        // Read it back the way the trigger will: host.json's messageEncoding decides the decoding.
        var hostJson = HostJson.Load(Path.Combine(Repository.Root, "host.json"));
        Assert.Equal("base64", hostJson.Queues.MessageEncoding);
        var queue = new Azure.Storage.Queues.QueueClient(fixture.ConnectionString, StorageNames.ReportsQueue, new() { MessageEncoding = hostJson.Queues.ClientEncoding });
        var texts = (await queue.ReceiveMessagesAsync(32)).Value.Select(m => m.MessageText).ToList();
        var envelope = texts.Select(t => JsonSerializer.Deserialize<ReportEnvelope>(t, JsonSerializerOptions.Web)!).Single(e => e.ReportId == accepted.ReportId);
        Assert.Equal("MA", envelope.Report.State);
        Assert.Equal("someone@example.org", envelope.ContactEmail);
    }

    [Fact]
    public async Task A_report_is_not_accepted_when_storage_does_not_take_it_within_the_budget()
    {
        await using var services = StorageFixture.Build(Unreachable.ConnectionString, new Dictionary<string, string?> { ["Survey:Intake:EnqueueBudget"] = "00:00:01", ["Survey:Intake:RetryAfterSeconds"] = "7" });
        var intake = services.GetRequiredService<ReportIntake>();

        var result = await intake.SubmitJsonAsync("application/json", Stream(SampleReports.Valid("Anyone").ToJsonString()), default);

        Assert.Equal(7, Assert.IsType<IntakeResult.Unavailable>(result).RetryAfterSeconds);
    }

    [Fact]
    public async Task The_largest_valid_report_stays_well_under_the_queue_message_limit()
    {
        // Every text field at its limit with characters JSON escapes (6 bytes each), every option set.
        var body = SampleReports.Valid(new string('é', 88) + Guid.NewGuid().ToString("N"), new string('ñ', 120), outcome: "denied");
        body["submissionId"] = Guid.NewGuid().ToString();
        body["employer"] = new string('<', 120);
        body["narrative"] = string.Concat(Enumerable.Repeat("🍼ç", 1333)) + "ç";
        body["contactEmail"] = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".org";
        body["denialReason"] = "setting-not-covered";
        body["advocacyActions"] = new System.Text.Json.Nodes.JsonArray([.. Survey.Shared.Reports.ReportSchema.AdvocacyActions.Select(a => (System.Text.Json.Nodes.JsonNode)a!)]);
        body["outOfPocketUsd"] = 99999.99m;
        foreach (var field in new[] { "planType", "funding", "providerCredential", "networkStatus", "priorAuthorizationRequired", "toldCoveredBeforehand" })
        {
            body[field] = "unknown";
        }

        body["planType"] = "marketplace";
        body["providerCredential"] = "physician";
        body["networkStatus"] = "out-of-network";
        body["consentToQuote"] = true;
        body["language"] = "pt";

        var accepted = Assert.IsType<IntakeResult.Accepted>(await Intake.SubmitJsonAsync("application/json", Stream(body.ToJsonString()), default));

        var raw = (await fixture.RawQueue(StorageNames.ReportsQueue).PeekMessagesAsync(32)).Value
            .Select(m => m.MessageText)
            .Single(t => Encoding.UTF8.GetString(Convert.FromBase64String(t)).Contains(accepted.ReportId, StringComparison.Ordinal));
        Assert.True(Convert.FromBase64String(raw).Length < 48 * 1024, $"The envelope is {Convert.FromBase64String(raw).Length} bytes.");
        Assert.True(raw.Length < 64 * 1024);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    [InlineData("application/json; charset=latin1")]
    public async Task Other_content_types_are_refused(string? contentType)
        => Assert.IsType<IntakeResult.UnsupportedMediaType>(await Intake.SubmitJsonAsync(contentType, Stream("{}"), default));

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_without_reading_all_of_it()
    {
        var body = new ThrowingAfterStream(ReportIntake.MaxBodyBytes + 1, ReportIntake.MaxBodyBytes * 2);
        Assert.IsType<IntakeResult.TooLarge>(await Intake.SubmitJsonAsync("application/json", body, default));
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SampleReports.Valid(SampleReports.UniqueInsurer()).ToJsonString())).ToArray();
        Assert.IsType<IntakeResult.Accepted>(await Intake.SubmitJsonAsync("application/json; charset=utf-8", new MemoryStream(bytes), default));
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Serves zeros and fails if read past a limit, to show the intake stops early.</summary>
    private sealed class ThrowingAfterStream(int serve, int limit) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Assert.True(_position < limit, "The intake read far past the size limit.");
            var n = Math.Min(count, serve - _position);
            if (n <= 0)
            {
                return 0;
            }

            Array.Fill(buffer, (byte)' ', offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
