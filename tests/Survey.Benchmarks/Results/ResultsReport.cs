using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Survey.Benchmarks.Felt;
using Survey.Benchmarks.Measures;

namespace Survey.Benchmarks.Results;

/// <summary>Writes a run's results as JSON and as a Markdown table (the table is also what the console shows).</summary>
internal static class ResultsReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Task<(string Json, string Markdown)> WriteAsync(BenchmarkResults results, string directory)
        => WriteAsync(results, directory, "results", Markdown(results));

    /// <summary>Writes <c>{name}.json</c> and <c>{name}.md</c> in <paramref name="directory"/>.</summary>
    public static async Task<(string Json, string Markdown)> WriteAsync<T>(T results, string directory, string name, string markdownText)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, name + ".json");
        var markdown = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results, Json) + "\n");
        await File.WriteAllTextAsync(markdown, markdownText);
        return (json, markdown);
    }

    /// <summary>The table of <c>-- signals-read</c>: the signals reads' rows alone, with the machine and the method.</summary>
    public static string SignalsReadMarkdown(SignalsReadResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine(I($"Survey benchmark, signals reads only, {results.Mode} sizes, {results.Date:yyyy-MM-dd HH:mm} UTC ({results.DurationSeconds:F0} s), medians of {results.Repetitions} repetitions."));
        text.AppendLine(I($"Machine: {results.Machine.Describe()}."));
        text.AppendLine();
        SignalsRows(text, results.SignalReads);
        text.AppendLine();
        foreach (var line in results.Method)
        {
            text.AppendLine("- " + line);
        }

        return text.ToString();
    }

    public static string Markdown(BenchmarkResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine(I($"Survey benchmark, {results.Mode} run of {results.Date:yyyy-MM-dd HH:mm} UTC ({results.DurationSeconds:F0} s), medians of {results.Repetitions} repetitions."));
        text.AppendLine(I($"Machine: {results.Machine.Describe()}."));
        text.AppendLine();
        TableHeader(text);
        for (var i = 0; i < results.Ingest.Count; i++)
        {
            var posted = results.Ingest[i];
            var raw = results.Enqueue[i];
            var check = i == results.Ingest.Count - 1 ? results.Targets[0] : null;
            Row(text, I($"Ingest, concurrency {posted.Concurrency}"), I($"{posted.PerSecond:N0} POST/s; p50/p95/p99 {Latencies(posted)} ms"),
                I($"raw enqueue {raw.PerSecond:N0}/s; {Latencies(raw)} ms"), Stats.Ratio(posted.PerSecond, raw.PerSecond), check);
        }

        var aggregation = results.Aggregation;
        Row(text, "Aggregation, 50 plans", Drain(aggregation.ServiceSpread), "bare loop " + Drain(aggregation.BareSpread), results.AggregationRatio, results.Targets[1]);
        Row(text, "Aggregation, 1 hot plan", Drain(aggregation.ServiceHot), I($"service, 50 plans {aggregation.ServiceSpread.PerSecond:N0}/s"), results.HotPlanRatio, results.Targets[2]);
        Row(text, "(reference) bare loop, 1 hot plan", Drain(aggregation.BareHot), I($"bare loop, 50 plans {aggregation.BareSpread.PerSecond:N0}/s"),
            Stats.Ratio(aggregation.BareHot.PerSecond, aggregation.BareSpread.PerSecond), null);
        Row(text, I($"Stats read p50, {results.Reads.Large.StoredReports:N0} reports"), I($"{results.Reads.Large.P50Ms:F1} ms (p95 {results.Reads.Large.P95Ms:F1})"),
            I($"{results.Reads.Small.StoredReports:N0} reports: {results.Reads.Small.P50Ms:F1} ms (p95 {results.Reads.Small.P95Ms:F1})"), results.ReadLatencyRatio, results.Targets[3]);
        Row(text, I($"(reference) bare storage reads, {results.Reads.Large.StoredReports:N0} reports"), I($"{results.Reads.Large.BareP50Ms:F1} ms"),
            I($"{results.Reads.Small.StoredReports:N0} reports: {results.Reads.Small.BareP50Ms:F1} ms"), Stats.Ratio(results.Reads.Large.BareP50Ms, results.Reads.Small.BareP50Ms), null);
        if (results.SignalReads is { } signalReads)
        {
            SignalsRows(text, signalReads, header: false);
        }

        Row(text, "Peak RSS of the service under ingest", I($"{results.PeakRssMb:F0} MB (whole run {results.Memory.PeakRssMbWholeRun:F0} MB)"), "—", double.NaN, results.Targets[4]);
        Felt(text, results);
        text.AppendLine();
        text.AppendLine(I($"CPU during each measurement, % of one core ({results.Machine.Nproc} cores = {results.Machine.Nproc * 100} %); \"other\" is every other process on the machine:"));
        text.AppendLine();
        text.AppendLine("| Measurement | Azurite | Service | Load generator | Other |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (posted, raw) in results.Ingest.Zip(results.Enqueue))
        {
            CpuRow(text, I($"raw enqueue, concurrency {raw.Concurrency}"), raw.Cpu);
            CpuRow(text, I($"POST /api/reports, concurrency {posted.Concurrency}"), posted.Cpu);
        }

        foreach (var drain in new[] { aggregation.BareSpread, aggregation.ServiceSpread, aggregation.BareHot, aggregation.ServiceHot })
        {
            CpuRow(text, "aggregation, " + drain.Name, drain.Cpu);
        }

        text.AppendLine();
        text.AppendLine(I($"Service CPU per operation: {results.ServiceCpu.MsPerPost:F2} ms per POST (concurrency {results.Ingest[^1].Concurrency}), {results.ServiceCpu.MsPerReportSpread:F2} ms per counted report over 50 plans, {results.ServiceCpu.MsPerReportHotPlan:F2} ms in one hot plan."));
        var others = results.Ingest.Concat(results.Enqueue).Select(f => f.Cpu.Other)
            .Concat(new[] { aggregation.BareSpread, aggregation.ServiceSpread, aggregation.BareHot, aggregation.ServiceHot }.Select(d => d.Cpu.Other))
            .Max();
        if (others > 25)
        {
            text.AppendLine();
            text.AppendLine(I($"**Other processes were busy during this run** (up to {others:F0} % of a core in a measurement): the figures are disturbed; run again on a quiet machine."));
        }

        text.AppendLine();
        foreach (var line in results.Method)
        {
            text.AppendLine("- " + line);
        }

        return text.ToString();
    }

    /// <summary>The rows of issue #18: the real host, cold start, the phone, freshness, two instances.</summary>
    private static void Felt(StringBuilder text, BenchmarkResults results)
    {
        var felt = results.Felt;
        var targets = results.Targets;
        if (felt.RealHost is { } real)
        {
            Row(text, I($"Real host: ingest, concurrency {real.Ingest.Concurrency}"), I($"{real.Ingest.PerSecond:N0} POST/s; p50/p95/p99 {Latencies(real.Ingest)} ms"),
                I($"raw enqueue {real.Enqueue.PerSecond:N0}/s (local runner: {results.Ingest[^1].PerSecond:N0} POST/s)"), results.RealHostIngestRatio, targets[5]);
            Row(text, "Real host: aggregation, 50 plans", Drain(real.Aggregation), I($"bare loop {results.Aggregation.BareSpread.PerSecond:N0} reports/s (local runner: {results.Aggregation.ServiceSpread.PerSecond:N0}/s)"),
                results.RealHostAggregationRatio, targets[6]);
        }

        if (felt.ColdStart is { } cold)
        {
            Row(text, "Cold start (real host): first 200 of GET /api/form", I($"{cold.App.FirstGetMs:N0} ms (first 202 of a report {cold.App.FirstPostMs:N0} ms)"),
                I($"baseline app {cold.Baseline.FirstGetMs:N0} ms (first 202 {cold.Baseline.FirstPostMs:N0} ms)"), results.ColdStartRatio, targets[7]);
            if (cold.ReadyToRun is { } r2r)
            {
                Row(text, "(reference) cold start, app published ReadyToRun", I($"{r2r.FirstGetMs:N0} ms (first 202 {r2r.FirstPostMs:N0} ms)"),
                    I($"baseline app {cold.Baseline.FirstGetMs:N0} ms"), Stats.Ratio(r2r.FirstGetMs, cold.Baseline.FirstGetMs), null);
            }
        }

        if (felt.Phone is { } phone)
        {
            Row(text, "Form on a phone: bytes transferred", I($"{phone.Form.Bytes:N0} B"), I($"static copy {phone.FormStatic.Bytes:N0} B"), Stats.Ratio(phone.Form.Bytes, phone.FormStatic.Bytes), targets[8]);
            Row(text, "Form on a phone: first contentful paint", I($"{phone.Form.FcpMs:N0} ms (submittable at {phone.Form.UsableMs:N0} ms)"),
                I($"static copy {phone.FormStatic.FcpMs:N0} ms (submittable at {phone.FormStatic.UsableMs:N0} ms)"), Stats.Ratio(phone.Form.FcpMs, phone.FormStatic.FcpMs), targets[9]);
            Row(text, "(reference) thank-you page after a no-JS post", I($"{phone.Thanks.Bytes:N0} B, FCP {phone.Thanks.FcpMs:N0} ms, loaded {phone.Thanks.UsableMs:N0} ms"),
                I($"static copy {phone.ThanksStatic.Bytes:N0} B, FCP {phone.ThanksStatic.FcpMs:N0} ms"), Stats.Ratio(phone.Thanks.FcpMs, phone.ThanksStatic.FcpMs), null);
        }

        foreach (var fresh in new[] { felt.Freshness, felt.RealHost?.Freshness })
        {
            if (fresh is not null)
            {
                Row(text, I($"Freshness, {fresh.Host}: 202 → listed, p99"), I($"{fresh.P99Ms:N0} ms (p50 {fresh.P50Ms:N0}, p95 {fresh.P95Ms:N0}; {fresh.Probes} probes, {fresh.NeverSeen} never seen)"),
                    I($"{fresh.SentPerSecond:N0} POST/s for {fresh.Seconds:F0} s (half the ingest capacity)"), double.NaN, fresh == felt.Freshness ? targets[10] : null);
            }
        }

        var two = felt.TwoInstances;
        Row(text, "Two instances, 50 plans", Drain(two.TwoSpread), "one instance " + Drain(two.OneSpread), results.TwoInstanceRatio, targets[11]);
        Row(text, "Two instances, 1 hot plan", Drain(two.TwoHot), "one instance " + Drain(two.OneHot), targets[12].Value, targets[12]);
        foreach (var note in felt.Notes)
        {
            text.AppendLine();
            text.AppendLine("Note: " + note);
        }
    }

    private static void SignalsRows(StringBuilder text, SignalsReadFigures figures, bool header = true)
    {
        if (header)
        {
            TableHeader(text);
        }

        foreach (var (figure, measured, baseline, ratio, check) in figures.Rows())
        {
            Row(text, figure, measured, baseline, ratio, check);
        }
    }

    private static void TableHeader(StringBuilder text) => text.AppendLine("| Figure | Measured | Baseline | Ratio | Target | Met |").AppendLine("| --- | --- | --- | ---: | --- | --- |");

    private static string Latencies(LoadFigure figure) => I($"{figure.P50Ms:F1}/{figure.P95Ms:F1}/{figure.P99Ms:F1}");

    private static string Drain(DrainFigure figure) => I($"{figure.PerSecond:N0} reports/s ({figure.RetriesPerReport:F2} retries/report)");

    private static void Row(StringBuilder text, string figure, string measured, string baseline, double ratio, TargetCheck? check)
    {
        var ratioText = double.IsNaN(ratio) ? "—" : ratio.ToString("F2", CultureInfo.InvariantCulture);
        var targetText = check is null ? "—" : I($"{(check.Comparison == ">=" ? "≥" : "≤")} {check.Limit:0.##}");
        var met = check is null ? "" : check.Met ? "yes" : "**no**";
        text.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {measured} | {baseline} | {ratioText} | {targetText} | {met} |");
    }

    private static void CpuRow(StringBuilder text, string measurement, CpuUse cpu)
        => text.AppendLine(CultureInfo.InvariantCulture, $"| {measurement} | {cpu.Azurite:F0} | {cpu.Service:F0} | {cpu.LoadGenerator:F0} | {cpu.Other:F0} |");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
