using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Service;

namespace Survey.Benchmarks.Felt;

/// <summary>One page load on the emulated phone: bytes over the wire (headers included), first contentful paint, and when it was usable.</summary>
internal sealed record PageLoad(long Bytes, double FcpMs, double UsableMs);

/// <summary>The form and the thank-you page (after a post without JavaScript), from the app and from a static copy.</summary>
internal sealed record PhoneFigures(PageLoad Form, PageLoad FormStatic, PageLoad Thanks, PageLoad ThanksStatic, string Served, IReadOnlyList<string> Compressed);

/// <summary>
/// The form on a phone: Debian's Chromium through Playwright (never a downloaded browser), a 360×740 touch
/// viewport, and through the DevTools protocol 4× CPU throttling and a slow mobile network (150 ms RTT,
/// 1.6 Mbit/s down, 750 kbit/s up), a fresh context (empty cache) per load. Bytes are the sum of
/// <c>Network.loadingFinished.encodedDataLength</c> (what crossed the wire); FCP is the paint entry; the form
/// is usable when its send button is on screen and enabled (<c>performance.now()</c>, from navigation start).
/// The thank-you page is what a post of a filled form answers with JavaScript off; usable = its load event.
/// The baseline is a static copy: every GET the app's pages made, saved as files and served by
/// <c>python3 -m http.server</c> (plain, no compression), loaded the same way.
/// </summary>
internal sealed class PhoneFormBenchmark(Action<string> progress)
{
    private const string Chromium = "/usr/bin/chromium";

    public static bool IsAvailable => File.Exists(Chromium);

    public async Task<PhoneFigures> RunAsync(Uri app, int repetitions)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        var mirror = Path.Combine(Path.GetTempPath(), "survey-bench-static-" + Guid.NewGuid().ToString("N")[..8]);
        var formUrl = new Uri(app, "/api/form?lang=en");
        var (form, formGets, formEncodings) = await LoadAsync(browser, formUrl, javaScript: true);
        var (thanks, thanksHtml) = await ThanksAsync(browser, formUrl);
        await MirrorAsync(app, formGets, mirror);
        Directory.CreateDirectory(Path.Combine(mirror, "thanks"));
        await File.WriteAllTextAsync(Path.Combine(mirror, "thanks", "index.html"), thanksHtml);

        var port = RealHostProcess.FreePort();
        var server = Process.Start(new ProcessStartInfo("python3", ["-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", mirror])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var root = new Uri($"http://127.0.0.1:{port}");
            await WaitListeningAsync(root);
            var runs = (Form: new List<PageLoad> { form }, FormStatic: new List<PageLoad>(), Thanks: new List<PageLoad> { thanks }, ThanksStatic: new List<PageLoad>());
            for (var repetition = 0; repetition < repetitions; repetition++)
            {
                runs.FormStatic.Add((await LoadAsync(browser, new Uri(root, "/api/form/"), javaScript: true)).Load);
                runs.ThanksStatic.Add((await LoadAsync(browser, new Uri(root, "/thanks/"), javaScript: false)).Load);
                if (repetition > 0)
                {
                    runs.Form.Add((await LoadAsync(browser, formUrl, javaScript: true)).Load);
                    runs.Thanks.Add((await ThanksAsync(browser, formUrl)).Load);
                }
            }

            var figures = new PhoneFigures(Median(runs.Form), Median(runs.FormStatic), Median(runs.Thanks), Median(runs.ThanksStatic), app.ToString(), formEncodings);
            progress($"phone: form {figures.Form.Bytes:N0} B, FCP {figures.Form.FcpMs:F0} ms, usable {figures.Form.UsableMs:F0} ms (static copy {figures.FormStatic.Bytes:N0} B, {figures.FormStatic.FcpMs:F0}/{figures.FormStatic.UsableMs:F0} ms); " +
                     $"thank-you {figures.Thanks.Bytes:N0} B, FCP {figures.Thanks.FcpMs:F0} ms (static {figures.ThanksStatic.Bytes:N0} B, {figures.ThanksStatic.FcpMs:F0} ms)");
            return figures;
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
            server.Dispose();
            Directory.Delete(mirror, recursive: true);
        }
    }

    private static PageLoad Median(IReadOnlyList<PageLoad> loads) => new(
        (long)Stats.Median(loads.Select(l => (double)l.Bytes)),
        Math.Round(Stats.Median(loads.Select(l => l.FcpMs))),
        Math.Round(Stats.Median(loads.Select(l => l.UsableMs))));

    /// <summary>A fresh, throttled context on a phone-sized viewport, with a counter of the bytes its page received.</summary>
    private static async Task<(IPage Page, Func<long> Bytes, Func<Task> Reset)> PhoneAsync(IBrowser browser, bool javaScript)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        long bytes = 0;
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } finished && finished.TryGetProperty("encodedDataLength", out var length))
            {
                Interlocked.Add(ref bytes, (long)length.GetDouble());
            }
        };
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 4 });
        await cdp.SendAsync("Network.emulateNetworkConditions", new()
        {
            ["offline"] = false,
            ["latency"] = 150,
            ["downloadThroughput"] = 1_600_000 / 8,
            ["uploadThroughput"] = 750_000 / 8,
        });
        return (page, () => Interlocked.Read(ref bytes), () => Task.FromResult(Interlocked.Exchange(ref bytes, 0)));
    }

    private static async Task<(PageLoad Load, List<string> Gets, List<string> Encodings)> LoadAsync(IBrowser browser, Uri url, bool javaScript)
    {
        var (page, bytes, _) = await PhoneAsync(browser, javaScript);
        var gets = new List<string>();
        var encodings = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "GET")
            {
                lock (gets)
                {
                    gets.Add(response.Url);
                    encodings.Add($"{new Uri(response.Url).AbsolutePath}: {response.Headers.GetValueOrDefault("content-encoding", "identity")}");
                }
            }
        };
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 120_000 });
        var fcp = await FcpAsync(page);
        var usable = javaScript
            ? await page.EvaluateAsync<double>("""
                () => new Promise(done => {
                  const check = () => {
                    const send = document.querySelector('#send');
                    if (send && !send.disabled && send.getClientRects().length > 0) done(performance.now()); else requestAnimationFrame(check);
                  };
                  check();
                })
                """)
            : await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd");
        var load = new PageLoad(bytes(), fcp, Math.Round(usable));
        await page.Context.CloseAsync();
        return (load, gets, encodings);
    }

    /// <summary>Fills the form with JavaScript off (unmeasured), then measures the post and the thank-you page it answers with.</summary>
    private static async Task<(PageLoad Load, string Html)> ThanksAsync(IBrowser browser, Uri formUrl)
    {
        var (page, bytes, reset) = await PhoneAsync(browser, javaScript: false);
        await page.GotoAsync(formUrl.ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 120_000 });
        await page.CheckAsync("#f-reporterRole-ibclc");
        await page.SelectOptionAsync("#f-state", "MA");
        await page.FillAsync("#f-insurer", "Benchmark Phone");
        await page.FillAsync("#f-plan", "Plan " + Guid.NewGuid().ToString("N")[..6]);
        await page.FillAsync("#f-serviceMonth", "2025-06");
        await page.CheckAsync("#f-setting-home");
        await page.CheckAsync("#f-outcome-denied");
        await page.SelectOptionAsync("#f-denialReason", "setting-not-covered");
        await reset();
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Url.EndsWith("/api/reports", StringComparison.Ordinal));
        var html = await answer.TextAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 120_000 });
        if (answer.Status != 200)
        {
            throw new InvalidOperationException($"The no-JS post answered {answer.Status}.");
        }

        var fcp = await FcpAsync(page);
        var loaded = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd");
        var load = new PageLoad(bytes(), fcp, Math.Round(loaded));
        await page.Context.CloseAsync();
        return (load, html);
    }

    private static async Task<double> FcpAsync(IPage page)
    {
        var paint = await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime", null, new() { Timeout = 60_000 });
        return Math.Round(await paint.JsonValueAsync<double>());
    }

    /// <summary>Saves every GET of the form page as a file at its path (query dropped; the page itself as <c>index.html</c> in its folder).</summary>
    private static async Task MirrorAsync(Uri app, IReadOnlyList<string> urls, string folder)
    {
        using var http = new HttpClient();
        foreach (var url in urls.Distinct())
        {
            var uri = new Uri(url);
            if (uri.Authority != app.Authority)
            {
                continue;
            }

            var bytes = await http.GetByteArrayAsync(uri);
            var path = uri.AbsolutePath.TrimStart('/');
            var file = uri.AbsolutePath == "/api/form" ? Path.Combine(folder, "api", "form", "index.html") : Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, bytes);
        }
    }

    private static async Task WaitListeningAsync(Uri root)
    {
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var _ = await http.GetAsync(new Uri(root, "/api/form/"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The static file server did not start.");
    }
}
