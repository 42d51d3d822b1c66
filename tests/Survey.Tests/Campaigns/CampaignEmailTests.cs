using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Campaigns;
using Survey.Shared.Forms;
using Survey.Shared.Plans;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Campaigns;

/// <summary>E-mail campaigns end to end: the runner, Azurite and a real SMTP server (MailDev) on loopback.</summary>
[Collection(CampaignGroup.Name)]
[Trait("Category", "Slow")] // sends and waits for real mail through MailDev, campaign after campaign
public sealed class CampaignEmailTests(CampaignFixture fixture)
{
    private static readonly string[] Quiet = ["quiet1", "quiet2"];
    private static readonly string[] Reminded = ["responded", "unsubscribed", .. Quiet];

    private CampaignRunner Runner => fixture.Runner;

    [Fact]
    public async Task A_campaign_of_51_recipients_sends_each_one_message_with_its_own_link_in_its_language()
    {
        var run = CampaignRunner.NewRun();
        var id = await Runner.CreateCampaignAsync(prefill: new JsonObject { ["language"] = "es", ["insurer"] = "Acme Health" });
        string[] languages = ["en", "es", "pt"];
        var recipients = Enumerable.Range(0, 51).Select(i => new JsonObject
        {
            ["email"] = $"r{i}-{run}@example.org",
            ["name"] = i % 2 == 0 ? $"Recipient <{i}>" : null,
            ["language"] = i < 48 ? languages[i % 3] : null, // the last three take the campaign's language (es)
        }).ToList();

        var added = await Runner.AddRecipientsAsync(id, recipients);
        await Runner.SendCampaignAsync(id);

        Assert.Equal(51, (int)added["added"]!);
        var mail = await CampaignRunner.MailAsync(fixture.MailDev, run, 51);
        var byAddress = mail.GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(51, byAddress.Count);
        Assert.All(byAddress.Values, messages => Assert.Single(messages));
        Assert.Equal(51, mail.Select(CampaignRunner.Token).Distinct().Count());
        for (var i = 0; i < 51; i++)
        {
            var message = byAddress[$"r{i}-{run}@example.org"].Single();
            var language = i < 48 ? languages[i % 3] : "es";
            Assert.Equal(CampaignTexts.Get(language, "mail.subject"), message.Subject);
            Assert.Contains(CampaignRunner.SurveyPath(message), message.Html, StringComparison.Ordinal);
            Assert.Equal($"<{fixture.Client.BaseAddress!.ToString().TrimEnd('/')}/api/u/{CampaignRunner.UnsubscribeToken(message)}>", message.Headers["List-Unsubscribe"]);
            Assert.NotEqual(CampaignRunner.Token(message), CampaignRunner.UnsubscribeToken(message));
            Assert.Contains("/api/u/" + CampaignRunner.UnsubscribeToken(message), message.Text, StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            if (i % 2 == 0)
            {
                Assert.Contains($"Recipient &lt;{i}&gt;", message.Html, StringComparison.Ordinal);
            }
        }

        // Each link works and opens the form in its recipient's language, prefilled with the campaign's insurer.
        foreach (var i in new[] { 0, 1, 2, 50 })
        {
            using var page = await fixture.Client.GetAsync(CampaignRunner.SurveyPath(byAddress[$"r{i}-{run}@example.org"].Single()));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"<html lang=\"{(i < 48 ? languages[i % 3] : "es")}\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var progress = await Eventually.ReadAsync(() => Runner.ProgressAsync(id), p => (int)p["sent"]! == 51, "all 51 recorded as sent");
        Assert.Equal(0, (int)progress["queued"]!);
        Assert.Equal(0, (int)progress["failed"]!);
        Assert.Equal(4, (int)progress["opened"]!);
        Assert.Equal(0, (int)progress["responded"]!);
    }

    [Fact]
    public async Task Following_a_link_shows_the_prefilled_form_a_submission_through_it_counts_and_then_the_link_refuses()
    {
        var run = CampaignRunner.NewRun();
        var insurer = SampleReports.UniqueInsurer("Campaign Insurer");
        var (id, mail) = await Runner.InviteAsync(
            fixture.MailDev, run, [new JsonObject { ["email"] = $"a-{run}@example.org", ["insurer"] = insurer, ["language"] = "pt" }],
            prefill: new JsonObject { ["insurer"] = "Overridden", ["plan"] = "Gold", ["reporterRole"] = "family" });
        var path = CampaignRunner.SurveyPath(mail.Single());

        using var form = await fixture.Client.GetAsync(path);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("<html lang=\"pt\">", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{path}\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"insurer\" value=\"{insurer}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"plan\" value=\"Gold\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"family\" checked", html, StringComparison.Ordinal);

        using var submitted = await fixture.Client.PostAsync(path, CampaignRunner.ReportForm(insurer, "pt"));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Contains(Encoded(FormTexts.Get("pt", "thanks.title")), await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var plan = await Eventually.ReadAsync(() => PlanAsync(PlanKeys.Unverified(insurer, null)), p => p is not null, "the report is counted");
        Assert.Equal(1, (int)plan!["reports"]!);
        var progress = await Runner.ProgressAsync(id);
        Assert.Equal(1, (int)progress["opened"]!);
        Assert.Equal(1, (int)progress["responded"]!);

        using var again = await fixture.Client.GetAsync(path);
        using var postedAgain = await fixture.Client.PostAsync(path, CampaignRunner.ReportForm(insurer, "pt"));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, postedAgain.StatusCode);
        Assert.Contains(Encoded(CampaignTexts.Get("en", "refused.title")), await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_language_on_a_link_keeps_the_link_and_its_prefill()
    {
        var run = CampaignRunner.NewRun();
        var insurer = SampleReports.UniqueInsurer("Language Insurer");
        var (_, mail) = await Runner.InviteAsync(
            fixture.MailDev, run, [new JsonObject { ["email"] = $"l-{run}@example.org", ["insurer"] = insurer, ["language"] = "pt" }]);
        var path = CampaignRunner.SurveyPath(mail.Single());

        using var portuguese = await fixture.Client.GetAsync(path);
        var html = await portuguese.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{path}?lang=es\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/api/form?lang=es\" lang=\"es\"", html, StringComparison.Ordinal);

        using var spanish = await fixture.Client.GetAsync(path + "?lang=es");
        var spanishHtml = await spanish.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, spanish.StatusCode);
        Assert.Contains("<html lang=\"es\">", spanishHtml, StringComparison.Ordinal);
        Assert.Contains($"action=\"{path}\"", spanishHtml, StringComparison.Ordinal);
        Assert.Contains($"name=\"insurer\" value=\"{insurer}\"", spanishHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_through_one_link_count_once()
    {
        var run = CampaignRunner.NewRun();
        var insurer = SampleReports.UniqueInsurer("Race Insurer");
        var (id, mail) = await Runner.InviteAsync(fixture.MailDev, run, CampaignRunner.Recipients(run, "race"));
        var path = CampaignRunner.SurveyPath(mail.Single());

        // Half through the plain form, half as the form's script sends them (JSON, each with its own submission id).
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? fixture.Client.PostAsync(path, CampaignRunner.ReportForm(insurer))
            : fixture.Client.PostAsJsonAsync(path, new JsonObject
            {
                ["submissionId"] = Guid.NewGuid().ToString(), ["reporterRole"] = "ibclc", ["state"] = "MA", ["insurer"] = insurer,
                ["serviceMonth"] = "2025-06", ["setting"] = "home", ["outcome"] = "denied", ["denialReason"] = "setting-not-covered",
            })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s is 200 or 202));
        Assert.Equal(19, statuses.Count(s => s == 410));
        var plan = await Eventually.ReadAsync(() => PlanAsync(PlanKeys.Unverified(insurer, null)), p => p is not null, "the report is counted");
        Assert.NotNull(plan);
        await WaitForReportsDrainedAsync();
        plan = await PlanAsync(PlanKeys.Unverified(insurer, null));
        Assert.Equal(1, (int)plan!["reports"]!);
        Assert.Equal(1, (int)(await Runner.ProgressAsync(id))["responded"]!);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Unknown_used_revoked_and_closed_links_all_get_the_same_answer()
    {
        var run = CampaignRunner.NewRun();
        var open = await Runner.CreateCampaignAsync();
        var added = await Runner.AddRecipientsAsync(open, [new JsonObject { ["email"] = $"used-{run}@example.org" }, new JsonObject { ["email"] = $"revoked-{run}@example.org" }]);
        var closing = await Runner.CreateCampaignAsync(name: "Closing campaign");
        await Runner.AddRecipientsAsync(closing, [new JsonObject { ["email"] = $"closed-{run}@example.org" }]);
        await Runner.SendCampaignAsync(open);
        await Runner.SendCampaignAsync(closing);
        var mail = await CampaignRunner.MailAsync(fixture.MailDev, run, 3);
        string PathOf(string who) => CampaignRunner.SurveyPath(mail.Single(m => m.To.StartsWith(who, StringComparison.Ordinal)));

        using (var used = await fixture.Client.PostAsync(PathOf("used-"), CampaignRunner.ReportForm(SampleReports.UniqueInsurer("Used"))))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        var revokedId = (string)added["invitations"]!.AsArray().Single(i => (int)i!["row"]! == 2)!["invitationId"]!;
        using (var revoke = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{open}/invitations/{revokedId}/revoke"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var close = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{closing}/close"))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        var unknown = "/api/s/" + InvitationLinks.NewToken();
        var answers = new List<(HttpStatusCode, string)>();
        foreach (var path in new[] { unknown, PathOf("used-"), PathOf("revoked-"), PathOf("closed-"), "/api/s/not-a-token" })
        {
            using var get = await fixture.Client.GetAsync(path);
            using var post = await fixture.Client.PostAsync(path, CampaignRunner.ReportForm("Anyone"));
            answers.Add((get.StatusCode, await get.Content.ReadAsStringAsync()));
            answers.Add((post.StatusCode, await post.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Gone, a.Item1));
        Assert.Single(answers.Select(a => a.Item2).Distinct());
        Assert.DoesNotContain("Spring survey", answers[0].Item2, StringComparison.Ordinal);
        Assert.DoesNotContain("Closing campaign", answers[0].Item2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_their_hashes()
    {
        var run = CampaignRunner.NewRun();
        var (_, mail) = await Runner.InviteAsync(fixture.MailDev, run, CampaignRunner.Recipients(run, "h0", "h1", "h2"));
        var tokens = mail.Select(CampaignRunner.Token).ToList();

        var dump = await Runner.DumpTablesAsync();

        Assert.All(tokens, token =>
        {
            Assert.DoesNotContain(token, dump, StringComparison.Ordinal);
            Assert.Contains(InvitationLinks.Hash(token), dump, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_unsubscribe_link_has_its_own_token_that_neither_opens_nor_submits_the_survey()
    {
        var run = CampaignRunner.NewRun();
        var insurer = SampleReports.UniqueInsurer("Unsubscribe Token");
        var (id, mail) = await Runner.InviteAsync(fixture.MailDev, run, CampaignRunner.Recipients(run, "oneclick"));
        var survey = CampaignRunner.Token(mail.Single());
        var unsubscribe = CampaignRunner.UnsubscribeToken(mail.Single());

        // What a mail provider doing one-click unsubscribe holds cannot open or submit the survey.
        using var open = await fixture.Client.GetAsync("/api/s/" + unsubscribe);
        using var form = await fixture.Client.PostAsync("/api/s/" + unsubscribe, CampaignRunner.ReportForm(insurer));
        using var json = await fixture.Client.PostAsJsonAsync("/api/s/" + unsubscribe, new JsonObject
        {
            ["reporterRole"] = "ibclc", ["state"] = "MA", ["insurer"] = insurer, ["serviceMonth"] = "2025-06", ["setting"] = "home", ["outcome"] = "denied",
        });

        Assert.NotEqual(survey, unsubscribe);
        Assert.Equal(HttpStatusCode.Gone, open.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, form.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, json.StatusCode);
        var dump = await Runner.DumpTablesAsync();
        Assert.DoesNotContain(unsubscribe, dump, StringComparison.Ordinal);
        Assert.Contains(InvitationLinks.Hash(unsubscribe), dump, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await Runner.ProgressAsync(id))["opened"]!);

        // It unsubscribes (one-click), and the survey link still works for its recipient.
        using (var oneClick = await fixture.Client.PostAsync("/api/u/" + unsubscribe, new StringContent("List-Unsubscribe=One-Click", Encoding.UTF8, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }

        using var surveyPage = await fixture.Client.GetAsync("/api/s/" + survey);
        Assert.Equal(HttpStatusCode.OK, surveyPage.StatusCode);
        var progress = await Runner.ProgressAsync(id);
        Assert.Equal(1, (int)progress["unsubscribed"]!);
        Assert.Equal(0, (int)progress["responded"]!);
    }

    [Fact]
    public async Task An_unsubscribe_link_mailed_before_the_tokens_were_split_still_unsubscribes()
    {
        var run = CampaignRunner.NewRun();
        var id = await Runner.CreateCampaignAsync();
        var added = await Runner.AddRecipientsAsync(id, CampaignRunner.Recipients(run, "legacy"));
        var invitationId = (string)added["invitations"]![0]!["invitationId"]!;

        // A token row as the app wrote it before: no kind, and its mail used the same token for /s/ and /u/.
        var legacy = InvitationLinks.NewToken();
        var tokens = new Azure.Data.Tables.TableClient(fixture.ConnectionString, StorageNames.LinkTokensTable);
        await tokens.AddEntityAsync(new Azure.Data.Tables.TableEntity(InvitationLinks.Hash(legacy), string.Empty) { ["CampaignId"] = id, ["InvitationId"] = invitationId });

        using var page = await fixture.Client.GetAsync("/api/u/" + legacy);
        using var unsubscribed = await fixture.Client.PostAsync("/api/u/" + legacy, new StringContent("List-Unsubscribe=One-Click", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Equal(1, (int)(await Runner.ProgressAsync(id))["unsubscribed"]!);
        var later = await Runner.CreateCampaignAsync();
        Assert.Equal(1, (int)(await Runner.AddRecipientsAsync(later, CampaignRunner.Recipients(run, "legacy")))["skippedSuppressed"]!);
    }

    [Fact]
    public async Task Reminders_reach_only_recipients_who_have_not_responded_or_unsubscribed_and_only_once()
    {
        var run = CampaignRunner.NewRun();
        var (id, first) = await Runner.InviteAsync(fixture.MailDev, run, CampaignRunner.Recipients(run, Reminded));
        using (var responded = await fixture.Client.PostAsync(CampaignRunner.SurveyPath(first.Single(m => m.To.StartsWith("responded", StringComparison.Ordinal))), CampaignRunner.ReportForm(SampleReports.UniqueInsurer("Reminded"))))
        {
            Assert.Equal(HttpStatusCode.OK, responded.StatusCode);
        }

        using (var unsubscribed = await fixture.Client.PostAsync("/api/u/" + CampaignRunner.Token(first.Single(m => m.To.StartsWith("unsubscribed", StringComparison.Ordinal))), new StringContent("List-Unsubscribe=One-Click", Encoding.UTF8, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        }

        await Eventually.ReadAsync(() => Runner.ProgressAsync(id), p => (int)p["sent"]! == 4, "all four recorded as sent");
        var eightDaysLater = Jobs(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(8)));
        await eightDaysLater.QueueRemindersAsync(CancellationToken.None);

        var all = await CampaignRunner.MailAsync(fixture.MailDev, run, 6);
        var progress = await Eventually.ReadAsync(() => Runner.ProgressAsync(id), p => (int)p["reminded"]! == 2, "two reminders recorded");
        await eightDaysLater.QueueRemindersAsync(CancellationToken.None);
        await WaitForInvitationsDrainedAsync();

        all = await CampaignRunner.MailAsync(fixture.MailDev, run, 6);
        Assert.Equal(6, all.Count);
        Assert.Single(all, m => m.To.StartsWith("responded", StringComparison.Ordinal));
        Assert.Single(all, m => m.To.StartsWith("unsubscribed", StringComparison.Ordinal));
        foreach (var quiet in Quiet)
        {
            var theirs = all.Where(m => m.To.StartsWith(quiet, StringComparison.Ordinal)).ToList();
            Assert.Equal(2, theirs.Count);
            Assert.Single(theirs, m => m.Subject == CampaignTexts.Get("en", "mail.reminderSubject"));
            Assert.NotEqual(CampaignRunner.Token(theirs[0]), CampaignRunner.Token(theirs[1]));
        }

        Assert.Equal(2, (int)(await Runner.ProgressAsync(id))["reminded"]!);
        Assert.Equal(1, (int)progress["unsubscribed"]!);
    }

    [Fact]
    public async Task An_unsubscribed_address_gets_nothing_from_a_new_campaign()
    {
        var run = CampaignRunner.NewRun();
        var (first, mail) = await Runner.InviteAsync(fixture.MailDev, run, CampaignRunner.Recipients(run, "leaving"));
        var token = CampaignRunner.Token(mail.Single());
        using (var unsubscribe = await fixture.Client.PostAsync("/api/u/" + token, new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "yes" })))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
            Assert.Contains(Encoded(CampaignTexts.Get("en", "unsubscribed.title")), await unsubscribe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var second = await Runner.CreateCampaignAsync(name: "Autumn survey");
        var added = await Runner.AddRecipientsAsync(second, [new JsonObject { ["email"] = $"  LEAVING-{run}@Example.org " }, new JsonObject { ["email"] = $"staying-{run}@example.org" }]);
        await Runner.SendCampaignAsync(second);

        Assert.Equal(1, (int)added["added"]!);
        Assert.Equal(1, (int)added["skippedSuppressed"]!);
        await CampaignRunner.MailAsync(fixture.MailDev, run, 2);
        await WaitForInvitationsDrainedAsync();
        var all = await CampaignRunner.MailAsync(fixture.MailDev, run, 2);
        Assert.Single(all, m => m.To.StartsWith("leaving", StringComparison.Ordinal));
        Assert.Single(all, m => m.To.StartsWith("staying", StringComparison.Ordinal));
        Assert.Equal(1, (int)(await Runner.ProgressAsync(first))["unsubscribed"]!);
    }

    [Fact]
    public async Task The_unsubscribe_page_and_its_confirmation_are_in_the_recipients_language_whatever_the_browser_says()
    {
        var run = CampaignRunner.NewRun();
        var recipients = new List<JsonObject>
        {
            new() { ["email"] = $"ana-{run}@example.org", ["language"] = "es" },
            new() { ["email"] = $"joao-{run}@example.org", ["language"] = "pt" },
        };
        var (_, mail) = await Runner.InviteAsync(fixture.MailDev, run, recipients);

        foreach (var (who, language) in new[] { ("ana", "es"), ("joao", "pt") })
        {
            var token = CampaignRunner.Token(mail.Single(m => m.To.StartsWith(who, StringComparison.Ordinal)));
            var page = await FromAnEnglishBrowserAsync(HttpMethod.Get, "/api/u/" + token);
            var confirmation = await FromAnEnglishBrowserAsync(HttpMethod.Post, "/api/u/" + token, new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "yes" }));

            Assert.Contains($"<html lang=\"{language}\">", page, StringComparison.Ordinal);
            Assert.Contains(Encoded(CampaignTexts.Get(language, "unsubscribe.button")), page, StringComparison.Ordinal);
            Assert.Contains($"<html lang=\"{language}\">", confirmation, StringComparison.Ordinal);
            Assert.Contains(Encoded(CampaignTexts.Get(language, "unsubscribed.title")), confirmation, StringComparison.Ordinal);

            // A language chosen on the page carries on to the confirmation.
            var chosen = await FromAnEnglishBrowserAsync(HttpMethod.Get, $"/api/u/{token}?lang=en");
            Assert.Contains($"action=\"/api/u/{token}?lang=en\"", chosen, StringComparison.Ordinal);
            Assert.Contains(Encoded(CampaignTexts.Get("en", "unsubscribed.title")), await FromAnEnglishBrowserAsync(HttpMethod.Post, $"/api/u/{token}?lang=en"), StringComparison.Ordinal);
        }

        async Task<string> FromAnEnglishBrowserAsync(HttpMethod method, string path, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
            using var response = await fixture.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
    }

    [Fact]
    public async Task The_unsubscribe_page_does_not_unsubscribe_until_its_button_is_pressed()
    {
        var run = CampaignRunner.NewRun();
        var (id, mail) = await Runner.InviteAsync(fixture.MailDev, run, CampaignRunner.Recipients(run, "scanned"));
        var token = CampaignRunner.Token(mail.Single());

        using var page = await fixture.Client.GetAsync("/api/u/" + token);
        using var pageAgain = await fixture.Client.GetAsync("/api/u/" + token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<form method=\"post\" action=\"/api/u/{token}\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (int)(await Runner.ProgressAsync(id))["unsubscribed"]!);
        var later = await Runner.CreateCampaignAsync();
        var added = await Runner.AddRecipientsAsync(later, [new JsonObject { ["email"] = $"scanned-{run}@example.org" }]);
        Assert.Equal(1, (int)added["added"]!);
    }

    [Fact]
    public async Task A_csv_upload_adds_the_good_rows_and_names_the_bad_ones_by_line()
    {
        var run = CampaignRunner.NewRun();
        var id = await Runner.CreateCampaignAsync();
        var csv = "Email;Name;Language;Role\r\n"
                  + $"ok1-{run}@example.org;Ana;pt;family\r\n"
                  + "not-an-address;Bob;en;ibclc\r\n"
                  + $"ok2-{run}@example.org;;es;\r\n"
                  + $"OK1-{run}@example.org;Ana again;;\r\n"
                  + $"ok3-{run}@example.org;Cy;fr;\r\n"
                  + $"ok4-{run}@example.org;Di;;nurse\r\n"
                  + ";no address;;\r\n";

        using var response = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/invitations", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)body["added"]!);
        Assert.Equal(1, (int)body["skippedDuplicate"]!);
        Assert.Equal([3, 6, 7, 8], body["invalid"]!.AsArray().Select(i => (int)i!["row"]!));
        Assert.Equal(2, (int)(await Runner.ProgressAsync(id))["queued"]!);

        using var badHeader = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/invitations", new StringContent("mail,name\r\na@example.org,A\r\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, badHeader.StatusCode);
        Assert.Equal("application/problem+json", badHeader.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_links_can_be_downloaded_as_csv_again_only_within_the_download_window_and_then_the_campaign_is_not_mailed()
    {
        var run = CampaignRunner.NewRun();
        var id = await Runner.CreateCampaignAsync(prefill: new JsonObject { ["language"] = "es" });
        await Runner.AddRecipientsAsync(id, Enumerable.Range(0, 3).Select(i => new JsonObject { ["email"] = $"csv{i}-{run}@example.org", ["name"] = $"=cmd{i}" }));

        using var download = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/links");
        using var again = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/links");
        using var send = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/send");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        var lines = (await download.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,name,language,link", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines.Skip(1), line => Assert.Contains(",\"'=cmd", line, StringComparison.Ordinal));
        var links = lines.Skip(1).Select(l => l.Split(',')[3]).ToList();
        Assert.Equal(3, links.Distinct().Count());
        using (var page = await fixture.Client.GetAsync(new Uri(links[0]).AbsolutePath))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<html lang=\"es\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Within LinkDownloadHours a second download gives fresh links (a file that never arrived is not lost), and
        // the first file's links keep working; after it, a download is a conflict.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againLinks = (await again.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[3]).ToList();
        Assert.Equal(3, againLinks.Count);
        Assert.Empty(againLinks.Intersect(links));
        using (var firstAgain = await fixture.Client.GetAsync(new Uri(links[1]).AbsolutePath))
        {
            Assert.Equal(HttpStatusCode.OK, firstAgain.StatusCode);
        }

        var late = await Sending(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(25))).DownloadLinksAsync(id, CancellationToken.None);
        Assert.IsType<CampaignResult.Conflict>(late);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal(3, (int)(await Runner.ProgressAsync(id))["sent"]!);
        Assert.DoesNotContain(await fixture.MailDev.GetMessagesAsync(), m => m.To.Contains(run, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Addresses_are_deleted_some_days_after_the_campaign_closed_and_unsubscribing_still_works()
    {
        var run = CampaignRunner.NewRun();
        var (id, mail) = await Runner.InviteAsync(fixture.MailDev, run, [new JsonObject { ["email"] = $"kept-{run}@example.org", ["name"] = $"Name {run}" }]);
        var token = CampaignRunner.Token(mail.Single());
        using (var close = await Runner.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/close"))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        await Jobs(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(29))).DeleteExpiredAddressesAsync(CancellationToken.None);
        Assert.Contains(run, await Runner.DumpTablesAsync(), StringComparison.Ordinal);

        await Jobs(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(31))).DeleteExpiredAddressesAsync(CancellationToken.None);

        Assert.DoesNotContain(run, await Runner.DumpTablesAsync(), StringComparison.Ordinal);
        using var unsubscribe = await fixture.Client.PostAsync("/api/u/" + token, new StringContent("List-Unsubscribe=One-Click", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        var later = await Runner.CreateCampaignAsync();
        var added = await Runner.AddRecipientsAsync(later, [new JsonObject { ["email"] = $"kept-{run}@example.org" }]);
        Assert.Equal(1, (int)added["skippedSuppressed"]!);
    }

    /// <summary>Campaign sending on the runner's storage, with its own clock.</summary>
    private CampaignSending Sending(TimeProvider time)
    {
        var services = Runner.App.Services;
        return new CampaignSending(
            services.GetRequiredService<CampaignStore>(), services.GetRequiredService<InvitationLinks>(), time,
            services.GetRequiredService<IOptions<CampaignOptions>>(), NullLogger<CampaignSending>.Instance);
    }

    /// <summary>The campaigns' scheduled jobs on the runner's storage, with their own clock.</summary>
    private CampaignJobs Jobs(TimeProvider time)
    {
        var services = Runner.App.Services;
        return new CampaignJobs(
            services.GetRequiredService<CampaignStore>(), time, services.GetRequiredService<IOptions<CampaignOptions>>(), NullLogger<CampaignJobs>.Instance);
    }

    private async Task<JsonObject?> PlanAsync(string planKey)
    {
        using var response = await Runner.SendAsync(HttpMethod.Get, $"/api/stats/plans/{planKey}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string Encoded(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);

    private Task WaitForReportsDrainedAsync() => WaitForDrainedAsync(StorageNames.ReportsQueue);

    private Task WaitForInvitationsDrainedAsync() => WaitForDrainedAsync(StorageNames.InvitationsQueue);

    private async Task WaitForDrainedAsync(string name)
    {
        var queue = new Azure.Storage.Queues.QueueClient(fixture.ConnectionString, name);
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, $"the {name} queue is drained");
    }
}
