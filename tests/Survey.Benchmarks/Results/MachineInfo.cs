using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Survey.Benchmarks.Results;

/// <summary>The machine a run measured: every figure depends on it.</summary>
internal sealed record MachineInfo(int Nproc, string CpuModel, long MemoryMb, string Os, string DotNet, string Azurite, string Node)
{
    public static async Task<MachineInfo> ReadAsync(string repositoryRoot) => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        long.TryParse(ProcField("/proc/meminfo", "MemTotal")?.Split(' ')[0], CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes / 1024 : 0,
        OperatingSystem(),
        RuntimeInformation.FrameworkDescription,
        AzuriteVersion(repositoryRoot),
        await NodeVersionAsync());

    public string Describe() => $"{Nproc} × {CpuModel}, {MemoryMb / 1024.0:F0} GB, {Os}, {DotNet}, Azurite {Azurite} on Node {Node}";

    private static string? ProcField(string path, string name)
        => File.Exists(path)
            ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;

    private static string OperatingSystem()
        => File.Exists("/proc/sys/kernel/osrelease")
            ? $"{RuntimeInformation.OSDescription}, Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}"
            : RuntimeInformation.OSDescription;

    private static string AzuriteVersion(string repositoryRoot)
    {
        var package = Path.Combine(repositoryRoot, "node_modules", "azurite", "package.json");
        return File.Exists(package) ? JsonNode.Parse(File.ReadAllText(package))?["version"]?.GetValue<string>() ?? "?" : "?";
    }

    private static async Task<string> NodeVersionAsync()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var version = await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();
            return version.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
