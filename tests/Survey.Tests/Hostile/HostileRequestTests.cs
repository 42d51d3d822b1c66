using System.Net;
using System.Net.Http.Json;
using Survey.Shared.Reports;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hostile;

/// <summary>
/// The hostile corpus against the running service: every request gets a 4xx problem document, none a 5xx, and
/// nothing reaches the reports queue (its trigger is off in this fixture, so the queue keeps what was enqueued).
/// </summary>
[Collection(QuietServiceGroup.Name)]
public sealed class HostileRequestTests(QuietServiceFixture fixture)
{
    [Fact]
    public async Task Every_hostile_request_gets_a_4xx_problem_document_and_nothing_is_enqueued()
    {
        var corpus = HostileCorpus.All();
        Assert.True(corpus.Count >= 200, $"The corpus has {corpus.Count} requests.");
        var before = await fixture.QueuedAsync();

        var failures = new List<string>();
        foreach (var hostile in corpus)
        {
            using var request = hostile.Create();
            using var response = await fixture.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (status is < 400 or >= 500 || contentType != "application/problem+json")
            {
                failures.Add($"{hostile.Name}: {status} {contentType} {Shorten(await response.Content.ReadAsStringAsync())}");
                continue;
            }

            var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            if ((int?)problem?["status"] != status || string.IsNullOrEmpty((string?)problem?["title"]))
            {
                failures.Add($"{hostile.Name}: the problem document does not carry status {status} and a title");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} hostile requests were not refused with a 4xx problem:\n" + string.Join('\n', failures));
        Assert.Equal(before, await fixture.QueuedAsync());
    }

    [Fact]
    public async Task The_queue_count_sees_a_valid_report_so_an_empty_queue_means_nothing_was_enqueued()
    {
        // Guards the assertion above: with the trigger off, an accepted report stays on the queue and is counted.
        var before = await fixture.QueuedAsync();
        using var response = await fixture.Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(SampleReports.UniqueInsurer("Quiet")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, await fixture.QueuedAsync());
    }

    [Fact]
    public async Task An_oversize_body_to_every_post_route_is_refused_with_413_with_or_without_a_length()
    {
        var posts = FunctionRoutes.All.Where(r => r.Methods.Contains("POST")).ToList();
        Assert.NotEmpty(posts);
        foreach (var route in posts)
        {
            foreach (var chunked in new[] { false, true })
            {
                using var request = FunctionRoutes.Request(route, "POST");
                var body = new string('x', Survey.Shared.Forms.RequestGuard.BodyLimit(!route.Committee) + 1);
                request.Content = chunked ? new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body))) : new StringContent(body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.TransferEncodingChunked = chunked;
                using var response = await fixture.Client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"POST {route.Path} (chunked: {chunked}) gave {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
