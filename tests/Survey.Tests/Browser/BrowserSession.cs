using Microsoft.Playwright;

namespace Survey.Tests.Browser;

/// <summary>Debian's Chromium with Playwright (never a downloaded browser), collecting every console error, page error and dialog of the pages it opens.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string NoChromium = "Chromium is not installed (apt-get install chromium)";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _errors = [];

    private BrowserSession(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<BrowserSession> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A page in a fresh context (its own storage) of the given size; optionally without JavaScript, or with a browser language.</summary>
    public async Task<IPage> OpenAsync(int width, int height, bool javaScript = true, string? locale = null)
    {
        var context = await _browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = width < 600,
            HasTouch = width < 600,
            JavaScriptEnabled = javaScript,
            Locale = locale,
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_errors)
                {
                    _errors.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + error);
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            lock (_errors)
            {
                _errors.Add("dialog: " + dialog.Message);
            }

            await dialog.DismissAsync();
        };
        return page;
    }

    /// <summary>Fails on any error collected so far, except those containing one of <paramref name="expected"/> (a 400 the test asked for).</summary>
    public void AssertNoErrors(params string[] expected)
    {
        lock (_errors)
        {
            var unexpected = _errors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToList();
            Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
