using Survey.Shared.Aggregation;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Campaigns;
using Survey.Shared.Mail;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Signals;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Signals;

/// <summary>Signals over real aggregates in Azurite: found, listed, withdrawn, and sent in the digest once.</summary>
[Collection(SignalGroup.Name)]
public sealed partial class SignalServiceTests(SignalFixture fixture)
{
    private const string Narrative = "Narrative-that-must-never-leave 617-555-0123";
    private const string ContactEmail = "reporter-contact@example.org";

    private static readonly string[] AroundJuly = ["2024-06", "2024-07", "2024-08"];

    /// <summary>One clock for every digest of the class, always moving on, so each digest is newer than the last.</summary>
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

    private SignalService Signals => fixture.Services.GetRequiredService<SignalService>();

    private PlanStore Store => fixture.Services.GetRequiredService<PlanStore>();

    [Fact]
    public async Task A_plan_whose_home_visit_denials_stop_is_listed_as_a_signal_at_that_month_with_its_brief_link()
    {
        var (planKey, _) = await CountDenialsThatStopAsync("Stops");

        var result = await Signals.RecomputeAsync(force: false, default);
        var again = await Signals.RecomputeAsync(force: false, default);
        var list = await Signals.ListAsync(StatsFilter.None, default);

        Assert.True(result.Recomputed);
        Assert.False(again.Recomputed);
        var signal = Assert.Single(list.Signals, s => s.PlanKey == planKey);
        Assert.Equal(("home", SignalSeries.Denied, "down", Signal.Active), (signal.Setting, signal.Measure, signal.Direction, signal.Status));
        Assert.Contains(signal.Month, AroundJuly);
        Assert.Equal((36, 36), (signal.Before.Count, signal.Before.Of));
        Assert.Equal((0, 36), (signal.After.Count, signal.After.Of));
        Assert.Equal($"/api/stats/plans/{planKey}/brief?setting=home&change={signal.Month}", signal.Brief);
        Assert.Equal(signal, (await Signals.ListAsync(new StatsFilter(Setting: "home"), default)).Signals.Single(s => s.PlanKey == planKey));
        Assert.DoesNotContain((await Signals.ListAsync(new StatsFilter(Setting: "office"), default)).Signals, s => s.PlanKey == planKey);
    }

    [Fact]
    public async Task A_signal_that_no_longer_holds_after_withdrawals_is_marked_withdrawn_and_kept()
    {
        var (planKey, reports) = await CountDenialsThatStopAsync("Withdrawn later");
        await Signals.RecomputeAsync(force: false, default);
        Assert.Contains((await Signals.ActiveAsync(default)), s => s.PlanKey == planKey);

        // The reports after the change are withdrawn: no after-side left, so no change.
        await Store.UncountReportsAsync(planKey, reports.Where(r => string.CompareOrdinal(r.Report.ServiceMonth, "2024-07") >= 0).ToList(), default);
        var result = await Signals.RecomputeAsync(force: false, default);

        Assert.True(result.Recomputed);
        var signal = Assert.Single((await Signals.ListAsync(StatsFilter.None, default)).Signals, s => s.PlanKey == planKey);
        Assert.Equal(Signal.Withdrawn, signal.Status);
        Assert.NotNull(signal.WithdrawnAt);
        Assert.DoesNotContain(await Signals.ActiveAsync(default), s => s.PlanKey == planKey);
    }

    [Fact]
    public async Task The_digest_sends_new_signals_once_and_nothing_when_nothing_changed()
    {
        var (planKey, _) = await CountDenialsThatStopAsync("Digest");
        await Signals.RecomputeAsync(force: false, default);
        var mail = new RecordingMail();
        var digest = await DigestAsync(mail);
        Assert.Equal(SubscribeOutcome.Added, await digest.SubscribeAsync("chair@committee.example.org", default));
        Assert.Equal(SubscribeOutcome.Invalid, await digest.SubscribeAsync("not an address", default));

        var first = await digest.SendAsync(default);
        var second = await digest.SendAsync(default);

        Assert.NotNull(first.DigestId);
        var message = Assert.Single(mail.Sent);
        Assert.Equal("chair@committee.example.org", message.ToAddress);
        var signal = (await Signals.ActiveAsync(default)).Single(s => s.PlanKey == planKey);
        Assert.Contains($"https://survey.example.org/api/stats/plans/{planKey}/brief?setting=home&change={signal.Month}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(Survey.Shared.Html.Html.Month(signal.Month), message.TextBody, StringComparison.Ordinal);
        Assert.Equal(new DigestResult(null, 0, 0), second);
    }

    [Fact]
    public async Task A_digest_run_cut_short_by_the_mail_server_is_finished_by_the_next_run_without_sending_anyone_twice()
    {
        await CountDenialsThatStopAsync("Redelivered");
        await Signals.RecomputeAsync(force: false, default);
        var mail = new RecordingMail { FailFor = "second@committee.example.org" };
        var digest = await DigestAsync(mail);
        await digest.SubscribeAsync("first@committee.example.org", default);
        await digest.SubscribeAsync("second@committee.example.org", default);

        var cut = await digest.SendAsync(default);
        mail.FailFor = null;
        var finished = await digest.SendAsync(default);
        var after = await digest.SendAsync(default);

        Assert.Equal(cut.DigestId, finished.DigestId);
        Assert.Equal(1, mail.Sent.Count(m => m.ToAddress == "second@committee.example.org"));
        Assert.Equal(mail.Sent.Select(m => m.ToAddress).Distinct().Count(), mail.Sent.Count);
        Assert.Null(after.DigestId);
    }

    [Fact]
    public async Task Unsubscribing_with_the_digest_link_stops_the_digest_and_the_committee_cannot_add_the_address_again()
    {
        await CountDenialsThatStopAsync("Unsubscribe");
        await Signals.RecomputeAsync(force: false, default);
        var mail = new RecordingMail();
        var digest = await DigestAsync(mail);
        await digest.SubscribeAsync("leaving@committee.example.org", default);
        await digest.SendAsync(default);
        var header = Assert.Single(mail.Sent).Headers["List-Unsubscribe"];
        Assert.Equal("List-Unsubscribe=One-Click", mail.Sent[0].Headers["List-Unsubscribe-Post"]);
        var token = TokenPattern().Match(header).Groups[1].Value;

        Assert.True(await digest.IsUnsubscribeTokenAsync(token, default));
        Assert.True(await digest.UnsubscribeAsync(token, default));
        Assert.False(await digest.UnsubscribeAsync("x" + token[1..], default));
        Assert.Equal(SubscribeOutcome.Unsubscribed, await digest.SubscribeAsync("Leaving@Committee.example.org", default));
        await CountDenialsThatStopAsync("Unsubscribe, later");
        await Signals.RecomputeAsync(force: false, default);
        await digest.SendAsync(default);
        Assert.Single(mail.Sent);
    }

    [Fact]
    public async Task Signals_digests_and_their_links_carry_no_report_text_contact_or_secret()
    {
        await CountDenialsThatStopAsync("Private");
        await Signals.RecomputeAsync(force: false, default);
        var mail = new RecordingMail();
        var digest = await DigestAsync(mail);
        await digest.SubscribeAsync("privacy@committee.example.org", default);
        await digest.SendAsync(default);
        var list = await Signals.ListAsync(StatsFilter.None, default);
        var json = JsonSerializer.Serialize(list);
        var csv = System.Text.Encoding.UTF8.GetString(SignalCsv.Write(list));

        foreach (var text in new[] { json, csv, mail.Sent.Single().TextBody, mail.Sent.Single().HtmlBody })
        {
            Assert.DoesNotContain("Narrative-that-must-never-leave", text, StringComparison.Ordinal);
            Assert.DoesNotContain("617-555-0123", text, StringComparison.Ordinal);
            Assert.DoesNotContain(ContactEmail, text, StringComparison.Ordinal);
            Assert.DoesNotContain("privacy@committee.example.org", text, StringComparison.Ordinal);
        }

        // Brief links: a plan, a setting and a month, nothing else (no token, no key).
        Assert.All(list.Signals, s => Assert.Matches(BriefPattern(), s.Brief));
        Assert.All(BriefLinkPattern().Matches(mail.Sent.Single().TextBody), m => Assert.Matches(BriefPattern(), m.Value["https://survey.example.org".Length..]));
    }

    /// <summary>A digest sending through <paramref name="mail"/>, to no subscriber yet (earlier tests' are removed).</summary>
    private async Task<SignalDigest> DigestAsync(IMailSender mail)
    {
        var store = fixture.Services.GetRequiredService<SignalStore>();
        foreach (var (addressHash, _) in await store.ListSubscribersAsync(default))
        {
            await store.RemoveSubscriberAsync(addressHash, default);
        }

        return Digest(mail);
    }

    private SignalDigest Digest(IMailSender mail) => new(
        fixture.Services.GetRequiredService<SignalStore>(), mail, fixture.Services.GetRequiredService<IOptions<CampaignOptions>>(), Clock,
        NullLogger<SignalDigest>.Instance);

    /// <summary>A plan with six home visits a month through 2024: all denied to June, all covered in full from July (with narratives, which must never show).</summary>
    private async Task<(string PlanKey, List<StoredReport> Reports)> CountDenialsThatStopAsync(string name)
    {
        var insurer = SampleReports.UniqueInsurer(name);
        var planKey = PlanKeys.Unverified(insurer, null);
        var reports = new List<StoredReport>();
        for (var month = 1; month <= 12; month++)
        {
            for (var i = 0; i < 6; i++)
            {
                var report = Envelopes.Report(insurer, setting: "home", outcome: month <= 6 ? "denied" : "covered-in-full", month: $"2024-{month:00}") with { Narrative = Narrative, ConsentToQuote = true };
                reports.Add(new StoredReport(Guid.NewGuid().ToString("D"), report, DateTimeOffset.UnixEpoch, ReportEnvelope.CurrentSchemaVersion));
            }
        }

        await fixture.Services.GetRequiredService<SurveyStorage>().EnsureCreatedAsync(default);
        await Store.EnsureListedAsync(planKey, default);
        Assert.All(await Store.CountReportsAsync(planKey, reports, default, (insurer, null)), Assert.True);
        return (planKey, reports);
    }

    [GeneratedRegex("/signals/unsubscribe/([A-Za-z0-9_-]+)>")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^/api/stats/plans/[a-z0-9-]+/brief\?(setting=[a-z-]+&)?change=\d{4}-\d{2}$")]
    private static partial Regex BriefPattern();

    [GeneratedRegex(@"https://survey\.example\.org/api/stats/plans/\S+")]
    private static partial Regex BriefLinkPattern();

    /// <summary>Records what would be sent; fails for one address while <see cref="FailFor"/> names it.</summary>
    private sealed class RecordingMail : IMailSender
    {
        public List<MailMessage> Sent { get; } = [];

        public string? FailFor { get; set; }

        public Task<SendResult> SendAsync(MailMessage message, CancellationToken cancellationToken)
        {
            if (message.ToAddress == FailFor)
            {
                throw new MailUnavailableException("The test's server is away.");
            }

            Sent.Add(message);
            return Task.FromResult<SendResult>(new SendResult.Sent());
        }
    }
}
