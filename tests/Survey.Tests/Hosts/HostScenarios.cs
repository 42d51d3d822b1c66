using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Survey.Shared.Access;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Campaigns;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hosts;

/// <summary>
/// One scenario set, run under both hosts (<see cref="RunnerHostScenarios"/>, <see cref="RealHostScenarios"/>):
/// what a reporter, a committee member and an operator do, and the error contract. Where the hosts differ, the
/// runner follows the real host, so the same assertions hold for both.
/// </summary>
public abstract class HostScenarios(HostUnderTest host)
{
    private static readonly string[] AroundJuly2024 = ["2024-06", "2024-07", "2024-08"];

    protected HostUnderTest Host => host;

    [SkippableFact]
    public async Task Health_answers_200_when_storage_answers()
    {
        using var client = Ready();
        using var response = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
    }

    [SkippableFact]
    public async Task A_json_report_is_accepted_with_202_and_counted_in_its_plan()
    {
        using var client = Ready();
        var insurer = SampleReports.UniqueInsurer("Host JSON");
        using var posted = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer, outcome: "denied"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var plan = await CountedAsync(PlanKeys.Unverified(insurer, null), 1);
        Assert.Equal(1, (int)plan["outcomes"]!["denied"]!);
    }

    [SkippableFact]
    public async Task A_report_through_the_form_without_script_is_thanked_and_counted()
    {
        using var client = Ready();
        var insurer = SampleReports.UniqueInsurer("Host form");
        using var posted = await client.PostAsync("/api/reports", CampaignRunner.ReportForm(insurer, "es"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("text/html", posted.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lang=\"es\"", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await CountedAsync(PlanKeys.Unverified(insurer, null), 1);
    }

    [SkippableFact]
    public async Task The_form_and_its_files_come_compressed_to_a_client_that_accepts_it_but_the_thank_you_page_does_not()
    {
        using var client = Ready();
        foreach (var (path, accepted, expected) in new[] { ("/api/form?lang=pt", "gzip, deflate, br", "br"), ("/api/form/assets/form.css", "gzip", "gzip"), ("/api/form/assets/form.js", "br;q=0, gzip", "gzip") })
        {
            using var plain = await client.GetAsync(path);
            var plainBytes = await plain.Content.ReadAsByteArrayAsync();
            Assert.Empty(plain.Content.Headers.ContentEncoding);

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accepted);
            using var compressed = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
            Assert.Equal(expected, Assert.Single(compressed.Content.Headers.ContentEncoding));
            Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
            var wire = await compressed.Content.ReadAsByteArrayAsync();
            Assert.True(wire.Length * 2 < plainBytes.Length, $"{path}: {wire.Length} bytes compressed of {plainBytes.Length}");
            var unpacked = Decompress(wire, expected);
            if (path.StartsWith("/api/form?", StringComparison.Ordinal))
            {
                // The same page but for its fresh submission id (a GUID, the same length).
                Assert.Equal(plainBytes.Length, unpacked.Length);
                Assert.EndsWith("</html>", System.Text.Encoding.UTF8.GetString(unpacked).TrimEnd(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(plainBytes, unpacked);
            }
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = CampaignRunner.ReportForm(SampleReports.UniqueInsurer("Host compressed"), "en") };
        post.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var thanks = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        Assert.Empty(thanks.Content.Headers.ContentEncoding);
        Assert.Contains("<h1", await thanks.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        static byte[] Decompress(byte[] wire, string encoding)
        {
            using var input = new MemoryStream(wire);
            using Stream reader = encoding == "br" ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress) : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            reader.CopyTo(output);
            return output.ToArray();
        }
    }

    [SkippableFact]
    public async Task A_report_withdrawn_with_its_code_leaves_the_counts()
    {
        using var client = Ready();
        var insurer = SampleReports.UniqueInsurer("Host withdraw");
        using var kept = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer, setting: "office"));
        using var posted = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer, setting: "home"));
        var code = (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["withdrawalCode"]!;
        var planKey = PlanKeys.Unverified(insurer, null);
        await CountedAsync(planKey, 2);

        using var withdrawn = await client.PostAsJsonAsync("/api/reports/withdraw", new { code });
        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);

        var plan = await CountedAsync(planKey, 1);
        Assert.Equal(0, (int)plan["bySetting"]!["home"]!["reports"]!);
    }

    [SkippableFact]
    public async Task A_campaign_link_sent_by_mail_takes_one_report_and_then_answers_410()
    {
        using var client = Ready();
        var run = CampaignRunner.NewRun();
        using (var created = await client.SendAsync(await CommitteeAsync(HttpMethod.Post, "/api/campaigns", new JsonObject
        {
            ["name"] = "Host campaign", ["opensAt"] = "2020-01-01T00:00:00Z", ["closesAt"] = "2099-01-01T00:00:00Z",
        })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            using var added = await client.SendAsync(await CommitteeAsync(HttpMethod.Post, $"/api/campaigns/{id}/invitations",
                new JsonObject { ["recipients"] = new JsonArray(new JsonObject { ["email"] = $"invitee-{run}@example.org" }) }));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            using var sent = await client.SendAsync(await CommitteeAsync(HttpMethod.Post, $"/api/campaigns/{id}/send"));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var mail = Assert.Single(await CampaignRunner.MailAsync(Host.MailDev, run, 1));
        var path = CampaignRunner.SurveyPath(mail);
        using (var opened = await client.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        var insurer = SampleReports.UniqueInsurer("Host link");
        using (var first = await client.PostAsync(path, CampaignRunner.ReportForm(insurer)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var again = await client.PostAsync(path, CampaignRunner.ReportForm(insurer)))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        }

        await CountedAsync(PlanKeys.Unverified(insurer, null), 1);
    }

    [SkippableFact]
    public async Task Every_committee_route_answers_a_missing_or_wrong_credential_with_a_401_problem_and_admits_a_valid_one()
    {
        using var client = Ready();
        var credential = await Host.CreateCredentialAsync("routes-" + CampaignRunner.NewRun());
        foreach (var route in FunctionRoutes.All.Where(r => r.Committee))
        {
            foreach (var method in route.Methods)
            {
                foreach (var given in new[] { null, "wrong-credential-0000000000" })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), route.Path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                    if (given is not null)
                    {
                        request.Headers.Add(CommitteeGate.HeaderName, given);
                    }

                    using var refused = await client.SendAsync(request);
                    Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{Host.Name}: {method} {route.Path} with '{given}' gave {(int)refused.StatusCode}");
                    var title = (string?)(await AssertProblemAsync(refused, 401))["title"];
                    Assert.Equal(given is null ? "A committee credential is required." : "The committee credential was not accepted.", title);
                }

                using var admitted = new HttpRequestMessage(new HttpMethod(method), route.Path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                admitted.Headers.Add(CommitteeGate.HeaderName, credential);
                using var response = await client.SendAsync(admitted);
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{Host.Name}: {method} {route.Path} with a valid credential gave 401");
            }
        }
    }

    [SkippableFact]
    public async Task The_access_log_names_the_caller_of_every_committee_read_and_holds_no_credential()
    {
        using var client = Ready();
        var name = "reader-" + CampaignRunner.NewRun();
        var credential = await Host.CreateCredentialAsync(name);
        var narrative = $"Private story {Guid.NewGuid():N}";
        var report = SampleReports.Valid(SampleReports.UniqueInsurer("Host log"));
        report["narrative"] = narrative;
        report["contactEmail"] = "private.person@example.org";
        using (var posted = await client.PostAsJsonAsync("/api/reports", report))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var marker = Guid.NewGuid().ToString("N")[..8];
        var gets = FunctionRoutes.All.Where(r => r.Committee && r.Methods.Contains("GET")).ToList();
        foreach (var route in gets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, route.Path + "?x=" + marker);
            request.Headers.Add(CommitteeGate.HeaderName, credential);
            using var _ = await client.SendAsync(request);
        }

        using var log = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, "/api/access-log"));
        var body = await log.Content.ReadAsStringAsync();
        var mine = JsonNode.Parse(body)!["entries"]!.AsArray().Where(e => ((string?)e!["query"])!.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(gets.Select(r => r.Name).Order(), mine.Select(e => (string)e!["function"]!).Order());
        Assert.All(mine, e => Assert.Equal(name, (string?)e!["who"]));
        Assert.DoesNotContain(credential, body, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", body, StringComparison.Ordinal);
        Assert.DoesNotContain(narrative, body, StringComparison.Ordinal);
        Assert.DoesNotContain("private.person@example.org", body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_revoked_rotated_or_expired_credential_is_refused_from_the_next_request_without_a_restart()
    {
        using var client = Ready();
        var run = CampaignRunner.NewRun();
        var alice = await Host.CreateCredentialAsync("alice-" + run);
        var bob = await Host.CreateCredentialAsync("bob-" + run);
        var carol = await Host.CreateCredentialAsync("carol-" + run, expiresAt: TimeProvider.System.GetUtcNow().AddSeconds(15));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, bob));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, carol));

        using (var revoke = Host.Admin(HttpMethod.Delete, $"/api/committee/credentials/bob-{run}"))
        using (var revoked = await client.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, bob));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, alice));

        string rotatedValue;
        using (var rotate = Host.Admin(HttpMethod.Post, $"/api/committee/credentials/alice-{run}/rotate"))
        using (var rotated = await client.SendAsync(rotate))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            rotatedValue = (string)(await rotated.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, alice));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, rotatedValue));

        await Eventually.HoldsAsync(async () => await StatusWithAsync(client, carol) == HttpStatusCode.Unauthorized, "the expired credential is refused", TimeSpan.FromSeconds(60));

        using var list = Host.Admin(HttpMethod.Get, "/api/committee/credentials");
        using var listed = await client.SendAsync(list);
        var names = await listed.Content.ReadAsStringAsync();
        Assert.Contains($"alice-{run}", names, StringComparison.Ordinal);
        Assert.DoesNotContain($"bob-{run}", names, StringComparison.Ordinal);
        Assert.DoesNotContain(rotatedValue, names, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_credential_routes_are_the_hosts_own_401_without_the_master_key()
    {
        using var client = Ready();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/committee/credentials");
        request.Headers.Add("x-functions-key", "not-the-master-key");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task A_browser_signs_in_once_reads_the_dashboard_and_brief_with_a_cookie_and_no_secret_in_any_url()
    {
        using var client = Ready();
        var name = "browser-" + CampaignRunner.NewRun();
        var credential = await Host.CreateCredentialAsync(name);

        // Not signed in: a browser asking for the dashboard is sent to the sign-in page, with no secret in the URL.
        using (var page = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard?setting=home"))
        {
            page.Headers.Accept.ParseAdd("text/html");
            using var redirect = await client.SendAsync(page);
            Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
            Assert.Equal("/api/committee/sign-in?returnTo=%2Fapi%2Fdashboard%3Fsetting%3Dhome", redirect.Headers.Location!.OriginalString);
        }

        using (var wrong = await client.PostAsync("/api/committee/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = "nope-nope-nope-nope", ["returnTo"] = "/api/dashboard" })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        string cookie;
        using (var signIn = await client.PostAsync("/api/committee/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = credential, ["returnTo"] = "/api/dashboard?setting=home" })))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
            Assert.Equal("/api/dashboard?setting=home", signIn.Headers.Location!.OriginalString);
            var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith(CommitteeGate.CookieName + "=", setCookie, StringComparison.Ordinal);
            foreach (var attribute in new[] { "secure", "httponly", "samesite=strict", "path=/", "max-age=" })
            {
                Assert.Contains(attribute, setCookie, StringComparison.OrdinalIgnoreCase);
            }

            cookie = setCookie.Split(';')[0];
        }

        string html;
        using (var dashboard = WithCookie(HttpMethod.Get, "/api/dashboard?setting=home", cookie))
        using (var response = await client.SendAsync(dashboard))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            html = await response.Content.ReadAsStringAsync();
        }

        Assert.DoesNotContain(credential, html, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", html, StringComparison.Ordinal);
        using (var brief = WithCookie(HttpMethod.Get, "/api/stats/plans/bcbs-ma/brief", cookie))
        using (var response = await client.SendAsync(brief))
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"brief gave {(int)response.StatusCode}");
        }

        // The cookie reads, but does not change anything: committee POSTs need the header.
        using (var post = WithCookie(HttpMethod.Post, "/api/catalogue/reconcile", cookie))
        using (var refused = await client.SendAsync(post))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Sign-out needs the page's CSRF token.
        var csrf = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(csrf);
        using (var forged = WithCookie(HttpMethod.Post, "/api/committee/sign-out", cookie))
        {
            forged.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = "forged" });
            using var response = await client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var signOut = WithCookie(HttpMethod.Post, "/api/committee/sign-out", cookie))
        {
            signOut.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = csrf });
            using var response = await client.SendAsync(signOut);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        using (var after = WithCookie(HttpMethod.Get, "/api/stats/plans", cookie))
        using (var response = await client.SendAsync(after))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var log = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, "/api/access-log"));
        var entries = JsonNode.Parse(await log.Content.ReadAsStringAsync())!["entries"]!.AsArray();
        Assert.Contains(entries, e => (string?)e!["who"] == name && (string?)e["function"] == "GetDashboard");
    }

    [SkippableFact]
    public async Task A_session_of_a_revoked_credential_is_refused_from_the_next_request()
    {
        using var client = Ready();
        var name = "session-" + CampaignRunner.NewRun();
        var credential = await Host.CreateCredentialAsync(name);
        using var signIn = await client.PostAsync("/api/committee/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = credential }));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using (var before = WithCookie(HttpMethod.Get, "/api/stats/plans", cookie))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(before)).StatusCode);
        }

        using (var revoke = Host.Admin(HttpMethod.Delete, $"/api/committee/credentials/{name}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(revoke)).StatusCode);
        }

        using var after = WithCookie(HttpMethod.Get, "/api/stats/plans", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(after)).StatusCode);
    }

    [SkippableFact]
    public async Task A_message_that_cannot_be_counted_is_listed_as_poison_and_replaying_it_brings_it_back_with_its_reason()
    {
        using var client = Ready();
        var queue = new QueueClient(Host.ConnectionString, StorageNames.ReportsQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        var reportId = Guid.NewGuid().ToString("D");
        await queue.SendMessageAsync(Envelopes.Message(Envelopes.Report(SampleReports.UniqueInsurer("Host poison"), setting: "garage"), reportId));

        JsonNode? Listed(JsonObject list) => list["messages"]!.AsArray().FirstOrDefault(m => (string?)m!["reportId"] == reportId);
        var poison = await Eventually.ReadAsync(async () => await PoisonAsync(client), p => Listed(p) is not null, "the message is listed as poison");
        var first = Listed(poison)!;
        Assert.Equal("aggregator", (string?)first["movedBy"]);
        Assert.Contains("setting", (string?)first["reason"], StringComparison.Ordinal);

        using (var replay = await client.SendAsync(await CommitteeAsync(HttpMethod.Post, "/api/operations/poison/replay", new JsonObject { ["messageIds"] = new JsonArray((string)first["messageId"]!) })))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        // Still not a report: it comes back as a new poison message, with its reason again.
        var back = await Eventually.ReadAsync(
            async () => await PoisonAsync(client),
            p => Listed(p) is { } m && (string?)m["messageId"] != (string?)first["messageId"],
            "the replayed message is back in poison");
        Assert.Contains("setting", (string?)Listed(back)!["reason"], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_timer_run_on_demand_with_the_master_key_repairs_a_broken_plan_list()
    {
        using var client = Ready();
        var insurer = SampleReports.UniqueInsurer("Host timer");
        using (var posted = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer)))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var planKey = PlanKeys.Unverified(insurer, null);
        await CountedAsync(planKey, 1);
        var plans = new TableClient(Host.ConnectionString, StorageNames.PlansTable);
        var row = (await plans.GetEntityAsync<TableEntity>("plans", planKey)).Value;
        row["Counts"] = "{\"reports\":40}";
        await plans.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
        Assert.Equal(40, await ListedReportsAsync(client, planKey));

        await Host.RunFunctionAsync("ReconcileOnSchedule");

        await Eventually.HoldsAsync(async () => await ListedReportsAsync(client, planKey) == 1, "the nightly reconcile, run now, repaired the list");
    }

    [SkippableFact]
    public async Task Home_visit_denials_that_stop_are_counted_signalled_mailed_in_the_digest_and_shown_on_the_brief_at_that_month()
    {
        using var client = Ready();
        var run = CampaignRunner.NewRun();
        var insurer = SampleReports.UniqueInsurer("Host signal");
        var planKey = PlanKeys.Unverified(insurer, null);

        // Reports in (through the reports queue the host's trigger counts; the HTTP intake is rate limited per client):
        // four home visits a month in 2024, all denied to June, all covered from July, with a narrative that must not travel.
        var queue = new QueueClient(Host.ConnectionString, StorageNames.ReportsQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        for (var m = 1; m <= 12; m++)
        {
            for (var i = 0; i < 4; i++)
            {
                var report = Envelopes.Report(insurer, setting: "home", outcome: m <= 6 ? "denied" : "covered-in-full", month: $"2024-{m:00}")
                    with { Narrative = "Host-signal-narrative " + run, ConsentToQuote = true };
                await queue.SendMessageAsync(Envelopes.Message(report, contactEmail: $"reporter-{run}@example.org"));
            }
        }

        await CountedAsync(planKey, 48);
        using (var subscribed = await client.SendAsync(await CommitteeAsync(HttpMethod.Post, "/api/signals/subscribers", new JsonObject { ["email"] = $"chair-{run}@example.org" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, subscribed.StatusCode);
        }

        await Host.RunFunctionAsync("RecomputeSignals");
        var signal = await Eventually.ReadAsync(
            async () =>
            {
                using var response = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, "/api/signals"));
                var signals = (await response.Content.ReadFromJsonAsync<JsonObject>())!["signals"]!.AsArray();
                return signals.FirstOrDefault(s => (string?)s!["planKey"] == planKey)?.AsObject();
            },
            s => s is not null,
            $"a signal of {planKey} is listed under the {Host.Name}");
        Assert.Equal(("home", "denied", "down", "active"), ((string?)signal!["setting"], (string?)signal["measure"], (string?)signal["direction"], (string?)signal["status"]));
        var month = (string)signal["month"]!;
        Assert.Contains(month, AroundJuly2024);
        Assert.Equal($"/api/stats/plans/{planKey}/brief?setting=home&change={month}", (string?)signal["brief"]);

        await Host.RunFunctionAsync("SendSignalDigest");
        var mail = Assert.Single(await CampaignRunner.MailAsync(Host.MailDev, run, 1));
        Assert.Contains(insurer, mail.Text, StringComparison.Ordinal);
        Assert.Contains(Survey.Shared.Html.Html.Month(month), mail.Text, StringComparison.Ordinal);
        Assert.Contains($"/api/stats/plans/{planKey}/brief?setting=home&change={month}", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Host-signal-narrative", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("reporter-" + run, mail.Text, StringComparison.Ordinal);
        Assert.Contains("/api/signals/unsubscribe/", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);

        using (var brief = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, (string)signal["brief"]!)))
        {
            Assert.Equal(HttpStatusCode.OK, brief.StatusCode);
            Assert.Contains("Before and after the change from " + Survey.Shared.Html.Html.Month(month), await brief.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var publicStats = await client.GetAsync("/api/public/stats");
        Assert.DoesNotContain("signal", await publicStats.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Oversize_wrongly_typed_and_malformed_bodies_get_problem_documents()
    {
        using var client = Ready();
        using (var oversize = await client.PostAsync("/api/reports", new StringContent(new string('x', Survey.Shared.Forms.RequestGuard.MaxBodyBytes + 1), Encoding.UTF8, "application/json")))
        {
            await AssertProblemAsync(oversize, 413);
        }

        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = new StreamContent(new MemoryStream(new byte[Survey.Shared.Forms.RequestGuard.MaxBodyBytes + 10])) })
        {
            chunked.Headers.TransferEncodingChunked = true;
            chunked.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(chunked);
            await AssertProblemAsync(response, 413);
        }

        using (var text = await client.PostAsync("/api/reports", new StringContent("hello", Encoding.UTF8, "text/plain")))
        {
            await AssertProblemAsync(text, 415);
        }

        using (var malformed = await client.PostAsync("/api/reports", new StringContent("{\"insurer\": ", Encoding.UTF8, "application/json")))
        {
            await AssertProblemAsync(malformed, 400);
        }
    }

    [SkippableFact]
    public async Task An_unknown_route_is_a_404_problem_and_a_wrong_method_a_405_problem_with_allow()
    {
        using var client = Ready();
        using (var unknown = await client.GetAsync("/api/no-such-thing"))
        {
            await AssertProblemAsync(unknown, 404);
        }

        using var wrong = await client.DeleteAsync("/api/health");
        await AssertProblemAsync(wrong, 405);
        Assert.Equal("GET", string.Join(",", wrong.Content.Headers.Allow));
    }

    [SkippableFact]
    public async Task Going_over_the_budget_answers_429_with_the_time_left_and_a_client_cannot_pick_another_bucket()
    {
        using var client = Ready();
        HttpResponseMessage? limited = null;
        for (var i = 0; i <= HostUnderTest.PostPermitLimit && limited is null; i++)
        {
            var response = await client.PostAsync("/api/reports/withdraw", JsonContent.Create(new { code = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567" }));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            await AssertProblemAsync(limited, 429);
            Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, HostUnderTest.Window.TotalSeconds);
        }

        // The address the host saw decides the bucket: a forwarded-for header of the client's choosing does not.
        using (var spoofed = new HttpRequestMessage(HttpMethod.Post, "/api/reports/withdraw") { Content = JsonContent.Create(new { code = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567" }) })
        {
            spoofed.Headers.Add("X-Forwarded-For", "203.0.113.77");
            using var response = await client.SendAsync(spoofed);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        // Retry-After says when this client's budget refills, not the window's length.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var later = await client.PostAsync("/api/reports/withdraw", JsonContent.Create(new { code = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, later.StatusCode);
        Assert.True(later.Headers.RetryAfter!.Delta!.Value < HostUnderTest.Window - TimeSpan.FromSeconds(1), $"Retry-After {later.Headers.RetryAfter} 2.5 s into the window");

        // Another client (another address) has its own budget.
        using var other = Host.NewClient();
        using var fresh = await other.PostAsync("/api/reports/withdraw", JsonContent.Create(new { code = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567" }));
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
    }

    /// <summary>A client of its own for a scenario, once the host is up; skips with the reason where the host is not here.</summary>
    protected HttpClient Ready()
    {
        Skip.If(Host.SkipReason is not null, Host.SkipReason);
        return Host.NewClient();
    }

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(status, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        return problem;
    }

    private static HttpRequestMessage WithCookie(HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return request;
    }

    private static async Task<HttpStatusCode> StatusWithAsync(HttpClient client, string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/plans");
        request.Headers.Add(CommitteeGate.HeaderName, credential);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private string? _committee;

    /// <summary>A committee request with this scenario set's own credential (made once per host).</summary>
    private async Task<HttpRequestMessage> CommitteeAsync(HttpMethod method, string path, JsonObject? body = null)
    {
        _committee ??= await Host.CreateCredentialAsync("scenarios-" + CampaignRunner.NewRun());
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(CommitteeGate.HeaderName, _committee);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private async Task<JsonObject> PoisonAsync(HttpClient client)
    {
        using var response = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, "/api/operations/poison"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<int?> ListedReportsAsync(HttpClient client, string planKey)
    {
        using var response = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, "/api/stats/plans"));
        var plans = (await response.Content.ReadFromJsonAsync<JsonObject>())!["plans"]!.AsArray();
        return (int?)plans.FirstOrDefault(p => (string?)p!["planKey"] == planKey)?["reports"];
    }

    /// <summary>The plan once it counts <paramref name="reports"/> reports.</summary>
    private async Task<JsonObject> CountedAsync(string planKey, int reports)
    {
        using var client = Host.NewClient();
        return await Eventually.ReadAsync(async () =>
        {
            using var response = await client.SendAsync(await CommitteeAsync(HttpMethod.Get, $"/api/stats/plans/{planKey}"));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }, plan => (int?)plan?["reports"] == reports, $"{planKey} counts {reports} report(s) under the {Host.Name}") ?? throw new InvalidOperationException("unreachable");
    }
}

/// <summary>The scenario set under the local runner (Slow: it waits out a credential's 15-second expiry, among others).</summary>
[Trait("Category", "Slow")]
public sealed class RunnerHostScenarios(RunnerHost host) : HostScenarios(host), IClassFixture<RunnerHost>;

/// <summary>The scenario set under the real Azure Functions host (skipped with a reason where it is not here; required under CI).</summary>
[Trait("Category", "RealHost")]
public sealed class RealHostScenarios(RealHost host) : HostScenarios(host), IClassFixture<RealHost>;
