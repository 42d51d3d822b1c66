using Survey.Shared.Dashboards;
using Survey.Shared.Html;
using Survey.Shared.Signals;
using Survey.Shared.Stats;
using Survey.Tests.Dashboards;

namespace Survey.Tests.Signals;

/// <summary>The dashboard lists the active signals on its first screen and marks them on the plan's timeline.</summary>
public sealed class SignalDashboardTests
{
    private const string Nonce = "bm9uY2Utb2YtdGhlLXRlc3Q=";

    private static readonly Signal HomeVisits = new(
        "acme-ppo", "Acme Health", "PPO", "home", SignalSeries.Denied, "down", "2025-04",
        SignalRate.From(30, 36), SignalRate.From(2, 30), 1e-9, Signal.Strong, Signal.Active, new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero), null,
        "/api/stats/plans/acme-ppo/brief?setting=home&change=2025-04");

    [Fact]
    public void The_first_screen_lists_each_signal_with_its_numbers_and_its_brief_at_the_change_month_before_the_filters()
    {
        var html = DashboardPage.Render(Dashboard([HomeVisits]), Nonce, null);

        var list = html.IndexOf("<h2 id=\"signals\">", StringComparison.Ordinal);
        Assert.InRange(list, 0, html.IndexOf("<form class=\"filters", StringComparison.Ordinal));
        Assert.Contains("Acme Health — PPO, home: denied rate down from Apr 2025 (strong)", html, StringComparison.Ordinal);
        Assert.Contains("83% (30 of 36; 95% CI", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/stats/plans/acme-ppo/brief?setting=home&amp;change=2025-04\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chosen_plans_timeline_marks_the_month_its_signal_starts()
    {
        var html = DashboardPage.Render(Dashboard([HomeVisits]), Nonce, null);
        var without = DashboardPage.Render(Dashboard([]), Nonce, null);

        Assert.Contains("<g class=\"change\" data-month=\"2025-04\">", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"signal\" data-month=\"2025-04\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<g class=\"change\"", without, StringComparison.Ordinal);
        Assert.Contains("No plan’s coverage changed markedly.", without, StringComparison.Ordinal);
    }

    private static Dashboard Dashboard(IReadOnlyList<Signal> signals)
    {
        var acme = PageData.Plan("acme-ppo", "Acme Health", "PPO", true, PageData.Reversal());
        return new Dashboard(StatsFilter.None, [acme], "acme-ppo", acme, new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero), null, Signals: signals);
    }
}
