using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Survey.Shared.Plans;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Privacy;

/// <summary>
/// What a scenario can use: the service, its committee key, its storage and its SMTP server; secrets that only
/// exist once the scenario runs (tokens, withdrawal codes) go into <see cref="Learned"/>.
/// </summary>
public sealed record PrivacyContext(HttpClient Client, string Key, string ConnectionString, MailDev MailDev)
{
    public List<string> Learned { get; } = [];

    /// <summary>The runner's log so far (for a failure message).</summary>
    public Func<IReadOnlyCollection<string>> Log { get; init; } = () => [];

    /// <summary>The runner's warnings and errors, and its lines that mention <paramref name="topic"/>: what a wait that timed out prints.</summary>
    public string Diagnostics(string topic)
        => "Runner log (warnings, errors and lines about " + topic + "):" + Environment.NewLine + string.Join(
            Environment.NewLine,
            Log().Where(line => line.Contains(topic, StringComparison.Ordinal) || line.StartsWith("Warning ", StringComparison.Ordinal)
                                || line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal))
                .TakeLast(40).Select(line => line.Length > 600 ? line[..600] : line));

    public HttpRequestMessage Committee(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-committee-key", Key);
        return request;
    }

    /// <summary>Waits until the plan has <paramref name="reports"/> reports (0: none left).</summary>
    public Task WaitCountedAsync(string planKey, int reports)
        => Eventually.HoldsAsync(
            async () =>
            {
                using var response = await Client.SendAsync(Committee(HttpMethod.Get, $"/api/stats/plans/{planKey}"));
                // A plan whose every report was withdrawn has no statistics (404).
                return response.StatusCode == HttpStatusCode.OK
                    ? (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["reports"]! == reports
                    : reports == 0 && response.StatusCode == HttpStatusCode.NotFound;
            },
            $"plan {planKey} has {reports} reports");
}

/// <summary>
/// A run through the service, and the values it sends that must appear in no log line (the committee key is
/// always one of them). To cover a new feature, add a scenario to <see cref="PrivacyScenarios.All"/>.
/// </summary>
public sealed record PrivacyScenario(string Name, IReadOnlyList<string> Secrets, Func<PrivacyContext, Task> RunAsync)
{
    public override string ToString() => Name;
}

public static class PrivacyScenarios
{
    // Distinctive values: a name, an e-mail address, an employer and a narrative that occur nowhere else.
    private const string PersonName = "Philomena Quackenbush";
    private const string Email = "philomena.quackenbush@example.org";
    private const string Employer = "Quackenbush Bakery Holdings";
    private const string Narrative = "Philomena Quackenbush was told the home visit on Maple Lane was covered, then got the bill";
    private const string FormNarrative = "Nos dijeron que Ximena Valdivieso no tenia cobertura en casa";
    private const string FormEmail = "ximena.valdivieso@example.net";

    public static IReadOnlyList<PrivacyScenario> All { get; } =
    [
        new("json and form reports, counted and read", [PersonName, Email, Employer, Narrative, FormNarrative, FormEmail, "Ximena Valdivieso"], SubmitAndReadAsync),
        new("invalid reports", [PersonName, Email, Narrative, "Quackenbush"], SubmitInvalidAsync),
        new("poison listed and replayed", [PersonName, Email, Employer, Narrative], PoisonAsync),
        new("campaign by e-mail, a report through its link, withdrawals and an unsubscribe", [CampaignName, CampaignEmail, Narrative, Email], CampaignAndWithdrawalAsync),
        new("a report with letters, shown, edited and printed", [LetterEmployer, LetterNarrative, LetterEdit, .. LetterSentences], LettersAsync),
        new("signals recomputed, the digest e-mailed to a subscriber, and an unsubscribe", [DigestEmail, Narrative, Email], SignalsDigestAsync),
    ];

    private const string LetterEmployer = "Throckmorton Lighthouse Cooperative";
    private const string LetterNarrative = "Nadia Throckmorton paid for the home visit herself";
    private const string LetterEdit = "Please call Nadia Throckmorton at 555-0147 about this letter";

    /// <summary>The sentences only a letter holds (each kind's ask, the ACA paragraph), in the language of the scenario.</summary>
    private static IEnumerable<string> LetterSentences
        => Survey.Shared.Letters.LetterData.For("es").Where(t => t.Key.EndsWith(".ask", StringComparison.Ordinal) || t.Key == "aca").Select(t => t.Value);

    private static async Task LettersAsync(PrivacyContext context)
    {
        var insurer = SampleReports.UniqueInsurer("Privacy Letters");
        var answers = new Dictionary<string, string>
        {
            ["language"] = "es", ["reporterRole"] = "family", ["state"] = "MA", ["insurer"] = insurer, ["serviceMonth"] = "2025-06",
            ["setting"] = "home", ["outcome"] = "denied", ["planType"] = "ppo", ["funding"] = "self-funded", ["employer"] = LetterEmployer,
            ["narrative"] = LetterNarrative, ["contactEmail"] = FormEmail,
        };
        using (var thanks = await context.Client.PostAsync("/api/reports", new FormUrlEncodedContent(answers)))
        {
            Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
            Assert.Contains(LetterNarrative, await thanks.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // What the form script does after a 202: the letters section, recomputed from the same answers.
        using (var section = await context.Client.PostAsync("/api/letters", new FormUrlEncodedContent(answers)))
        {
            Assert.Contains("id=\"letter-employer\"", await section.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        answers["letter"] = "legislators";
        answers["body-legislators"] = LetterEdit;
        using (var printable = await context.Client.PostAsync("/api/letters", new FormUrlEncodedContent(answers)))
        {
            Assert.Contains(LetterEdit, await printable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await context.WaitCountedAsync(PlanKeys.Unverified(insurer, null), 1);

        // Nor in any table: letters are never stored.
        var tables = new Azure.Data.Tables.TableServiceClient(context.ConnectionString);
        string[] letterText = [LetterEdit, .. LetterSentences];
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                var values = string.Join('\n', entity.Select(p => p.Value).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
                Assert.DoesNotContain(letterText, sentence => values.Contains(sentence, StringComparison.Ordinal));
            }
        }
    }


    private const string DigestEmail = "bartholomew.digest-reader@example.com";

    /// <summary>A change counted from reports with narratives and contacts, a subscriber, the two signal timers run with the master key, and the digest's one-click unsubscribe.</summary>
    private static async Task SignalsDigestAsync(PrivacyContext context)
    {
        var insurer = SampleReports.UniqueInsurer("Privacy signal");
        var queue = new QueueClient(context.ConnectionString, StorageNames.ReportsQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        for (var m = 1; m <= 12; m++)
        {
            for (var i = 0; i < 4; i++)
            {
                var report = Envelopes.Report(insurer, outcome: m <= 6 ? "denied" : "covered-in-full", month: $"2024-{m:00}") with { Narrative = Narrative, ConsentToQuote = true };
                await queue.SendMessageAsync(Envelopes.Message(report, contactEmail: Email));
            }
        }

        await context.WaitCountedAsync(PlanKeys.Unverified(insurer, null), 48);
        using (var subscribe = context.Committee(HttpMethod.Post, "/api/signals/subscribers"))
        {
            subscribe.Content = JsonContent.Create(new JsonObject { ["email"] = DigestEmail });
            using var subscribed = await context.Client.SendAsync(subscribe);
            Assert.Equal(HttpStatusCode.NoContent, subscribed.StatusCode);
        }

        foreach (var timer in new[] { "RecomputeSignals", "SendSignalDigest" })
        {
            using var run = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/" + timer) { Content = JsonContent.Create(new JsonObject { ["input"] = string.Empty }) };
            run.Headers.Add("x-functions-key", FunctionRoutes.RunnerMasterKey);
            using var accepted = await context.Client.SendAsync(run);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            if (timer == "RecomputeSignals")
            {
                // Up to 3 minutes: a run that fails is run again after 10, 20 and 40 s (TimerRetry).
                await Eventually.ReadAsync(
                    async () =>
                    {
                        using var list = await context.Client.SendAsync(context.Committee(HttpMethod.Get, "/api/signals"));
                        return (await list.Content.ReadAsStringAsync()).Contains(PlanKeys.Unverified(insurer, null), StringComparison.Ordinal);
                    },
                    listed => listed,
                    "the signal is listed",
                    TimeSpan.FromMinutes(3),
                    () => context.Diagnostics("Signal"));
            }
        }

        var mail = (await Eventually.ReadAsync(() => context.MailDev.GetMessagesAsync(), all => all.Any(m => m.To.Contains(DigestEmail, StringComparison.Ordinal)), "the digest arrived"))
            .First(m => m.To.Contains(DigestEmail, StringComparison.Ordinal));
        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"].Trim('<', '>'));
        context.Learned.Add(unsubscribe.AbsolutePath.Split('/')[^1]);
        using var oneClick = await context.Client.PostAsync(unsubscribe.AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
    }

    private const string CampaignName = "Wilhelmina Outhwaite";
    private const string CampaignEmail = "wilhelmina.outhwaite@example.com";

    private static async Task SubmitAndReadAsync(PrivacyContext context)
    {
        var insurer = SampleReports.UniqueInsurer("Privacy Health");
        var report = SampleReports.Valid(insurer, outcome: "denied");
        report["narrative"] = Narrative;
        report["contactEmail"] = Email;
        report["employer"] = Employer;
        report["consentToQuote"] = true;
        report["submissionId"] = Guid.NewGuid().ToString();
        using (var accepted = await context.Client.PostAsJsonAsync("/api/reports", report))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["language"] = "es", ["reporterRole"] = "family", ["state"] = "MA", ["insurer"] = insurer, ["serviceMonth"] = "2025-06",
            ["setting"] = "home", ["outcome"] = "denied", ["narrative"] = FormNarrative, ["contactEmail"] = FormEmail,
        });
        using (var thanks = await context.Client.PostAsync("/api/reports", form))
        {
            Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        }

        var planKey = PlanKeys.Unverified(insurer, null);
        await context.WaitCountedAsync(planKey, 2);
        foreach (var path in new[] { "/api/stats/plans", $"/api/stats/plans/{planKey}", $"/api/stats/plans/{planKey}/brief", "/api/stats/plans.csv", "/api/dashboard", "/api/access-log" })
        {
            using var response = await context.Client.SendAsync(context.Committee(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A credential put in the URL anyway is refused (secrets never go in URLs) and kept out of every log line.
        using var inUrl = new HttpRequestMessage(HttpMethod.Get, "/api/stats/plans?code=" + Uri.EscapeDataString(context.Key));
        using var refusedInUrl = await context.Client.SendAsync(inUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedInUrl.StatusCode);
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/api/stats/plans");
        wrongKey.Headers.Add("x-committee-key", context.Key + "x");
        using var refused = await context.Client.SendAsync(wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // A browser signs in with it once (posted), and reads the dashboard with its session cookie.
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = context.Client.BaseAddress };
        using var signIn = await browser.PostAsync("/api/committee/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = context.Key }));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        context.Learned.Add(cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        dashboard.Headers.Add("Cookie", cookie);
        using var page = await browser.SendAsync(dashboard);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task SubmitInvalidAsync(PrivacyContext context)
    {
        var report = SampleReports.Valid(SampleReports.UniqueInsurer(), outcome: "maybe");
        report["narrative"] = Narrative;
        report["contactEmail"] = PersonName + " at Quackenbush dot org";
        using (var invalid = await context.Client.PostAsJsonAsync("/api/reports", report))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using var truncated = new StringContent("{\"narrative\":\"" + Narrative + "\",\"contactEmail\":\"" + Email, System.Text.Encoding.UTF8, "application/json");
        using var malformed = await context.Client.PostAsync("/api/reports", truncated);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private static async Task PoisonAsync(PrivacyContext context)
    {
        var reportId = Guid.NewGuid().ToString("D");
        var bad = Envelopes.Report(SampleReports.UniqueInsurer(), setting: "garage") with { Narrative = Narrative, Employer = Employer };
        var queue = new QueueClient(context.ConnectionString, StorageNames.ReportsQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync(Envelopes.Message(bad, reportId, Email));

        string? messageId = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await context.Client.SendAsync(context.Committee(HttpMethod.Get, "/api/operations/poison"));
                var entry = (await response.Content.ReadFromJsonAsync<JsonObject>())!["messages"]!.AsArray().FirstOrDefault(m => (string?)m!["reportId"] == reportId);
                messageId = (string?)entry?["messageId"];
                return messageId is not null;
            },
            "the bad report is on the poison queue");

        using var replay = context.Committee(HttpMethod.Post, "/api/operations/poison/replay");
        replay.Content = JsonContent.Create(new { messageIds = new[] { messageId } });
        using var replayed = await context.Client.SendAsync(replay);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
    }

    private static async Task CampaignAndWithdrawalAsync(PrivacyContext context)
    {
        var insurer = SampleReports.UniqueInsurer("Privacy Campaign Health");
        using (var create = context.Committee(HttpMethod.Post, "/api/campaigns"))
        {
            create.Content = JsonContent.Create(new { name = "Privacy campaign", opensAt = "2020-01-01T00:00:00Z", closesAt = "2099-01-01T00:00:00Z" });
            using var created = await context.Client.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

            using var add = context.Committee(HttpMethod.Post, $"/api/campaigns/{id}/invitations");
            add.Content = JsonContent.Create(new { recipients = new[] { new { email = CampaignEmail, name = CampaignName, insurer } } });
            using var added = await context.Client.SendAsync(add);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);

            using var send = context.Committee(HttpMethod.Post, $"/api/campaigns/{id}/send");
            using var sent = await context.Client.SendAsync(send);
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var mail = await Eventually.ReadAsync(
            () => context.MailDev.GetMessagesAsync(), messages => messages.Any(m => m.To.Contains(CampaignEmail, StringComparison.Ordinal)), "the invitation arrived");
        var path = Campaigns.CampaignRunner.SurveyPath(mail.First(m => m.To.Contains(CampaignEmail, StringComparison.Ordinal)));
        context.Learned.Add(path["/api/s/".Length..]);

        using (var opened = await context.Client.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["language"] = "en", ["reporterRole"] = "family", ["state"] = "MA", ["insurer"] = insurer, ["serviceMonth"] = "2025-06",
            ["setting"] = "home", ["outcome"] = "denied", ["narrative"] = Narrative, ["contactEmail"] = Email,
        });
        using var thanks = await context.Client.PostAsync(path, form);
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        var linkCode = System.Text.RegularExpressions.Regex.Match(await thanks.Content.ReadAsStringAsync(), "id=\"withdrawal-code\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(linkCode);
        context.Learned.Add(linkCode);

        var report = SampleReports.Valid(insurer);
        report["narrative"] = Narrative;
        using var accepted = await context.Client.PostAsJsonAsync("/api/reports", report);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jsonCode = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["withdrawalCode"]!;
        context.Learned.Add(jsonCode);

        var planKey = PlanKeys.Unverified(insurer, null);
        await context.WaitCountedAsync(planKey, 2);
        foreach (var code in new[] { linkCode, jsonCode })
        {
            using var withdrawn = await context.Client.PostAsJsonAsync("/api/reports/withdraw", new { code });
            Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        }

        await context.WaitCountedAsync(planKey, 0);
        using (var unsubscribePage = await context.Client.GetAsync("/api/u/" + path["/api/s/".Length..]))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribePage.StatusCode);
        }

        using var unsubscribed = await context.Client.PostAsync("/api/u/" + path["/api/s/".Length..], new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
    }
}
