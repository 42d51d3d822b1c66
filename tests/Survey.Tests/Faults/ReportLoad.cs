using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Faults;

/// <summary>What the clients of a <see cref="ReportLoad"/> saw.</summary>
/// <param name="Accepted">Report id (the submission id) to plan key, for every report answered 202.</param>
/// <param name="Submitted">Every submission id sent, answered or not.</param>
/// <param name="Statuses">How many answers had each status code, retries included.</param>
/// <param name="NoAnswer">Attempts that got no answer (connection refused or reset, timeout).</param>
/// <param name="GaveUp">Reports whose retries ran out without a 202 or a final answer.</param>
internal sealed record LoadResult(
    IReadOnlyDictionary<string, string> Accepted,
    IReadOnlySet<string> Submitted,
    IReadOnlyDictionary<int, int> Statuses,
    int NoAnswer,
    IReadOnlyList<string> GaveUp,
    TimeSpan Elapsed)
{
    public int ServerErrors => Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    public int FailedAttemptsOf503OrNoAnswer() => Statuses.GetValueOrDefault(503) + NoAnswer;

    public override string ToString()
        => $"{Accepted.Count} accepted of {Submitted.Count} in {Elapsed.TotalSeconds:F1} s; statuses "
           + string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) + $"; no answer ×{NoAnswer}; gave up ×{GaveUp.Count}";
}

/// <summary>
/// Many clients posting valid reports, each with its own <c>submissionId</c>, spread over plans of their own
/// (unverified names unique to this load) and months. Like the form's script, a client sends the same report
/// again, with the same <c>submissionId</c>, after a <c>503</c> (waiting its <c>Retry-After</c>, at most 2 s) or
/// when no answer came — a bounded number of times.
/// </summary>
internal sealed class ReportLoad(HttpClient client, int reports, int clients, int plans, int maxAttempts = 120)
{
    private static readonly string[] Settings = ["home", "office", "telehealth", "hospital-outpatient"];
    private static readonly string[] Outcomes = ["covered-in-full", "denied", "partially-covered", "covered-with-cost-share"];

    private readonly string _insurerPrefix = SampleReports.UniqueInsurer("Load");
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _submitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentBag<string> _gaveUp = [];
    private int _noAnswer;

    /// <summary>How many reports have been answered 202 so far.</summary>
    public int AcceptedSoFar => _accepted.Count;

    /// <summary>How many attempts so far got a 503 or no answer.</summary>
    public int FailedAttemptsSoFar => Volatile.Read(ref _noAnswer) + _statuses.GetValueOrDefault(503);

    /// <summary>Every plan key this load's reports count in.</summary>
    public IReadOnlyList<string> PlanKeys => [.. Enumerable.Range(0, plans).Select(p => Survey.Shared.Plans.PlanKeys.Unverified(Insurer(p), null))];

    public async Task<LoadResult> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < reports)
            {
                await SubmitAsync(index);
            }
        }));
        return new LoadResult(
            new Dictionary<string, string>(_accepted, StringComparer.Ordinal),
            _submitted.Keys.ToHashSet(StringComparer.Ordinal),
            new Dictionary<int, int>(_statuses),
            _noAnswer,
            [.. _gaveUp],
            clock.Elapsed);
    }

    private string Insurer(int plan) => $"{_insurerPrefix} {plan}";

    private async Task SubmitAsync(int index)
    {
        var plan = index % plans;
        var report = SampleReports.Valid(Insurer(plan), setting: Settings[index % Settings.Length], outcome: Outcomes[index / 7 % Outcomes.Length], month: $"2025-{1 + (index % 12):00}");
        var submissionId = Guid.NewGuid().ToString("D");
        report["submissionId"] = submissionId;
        _submitted.TryAdd(submissionId, 0);
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var response = await client.PostAsJsonAsync("/api/reports", report);
                _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    _accepted[submissionId] = Survey.Shared.Plans.PlanKeys.Unverified(Insurer(plan), null);
                    return;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    _gaveUp.Add($"{submissionId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }

                wait = response.Headers.RetryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(2) ? delta : TimeSpan.FromSeconds(2);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _noAnswer);
                wait = TimeSpan.FromMilliseconds(500);
            }

            await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)));
        }

        _gaveUp.Add($"{submissionId}: no 202 after {maxAttempts} attempts");
    }
}
