using System.Diagnostics;
using System.Globalization;

namespace Survey.Benchmarks.Measures;

/// <summary>
/// CPU used during a measurement, in percent of one core: by Azurite, the service, the load generator (this
/// process), and by every other process on the machine (which the figures do not want).
/// </summary>
internal sealed record CpuUse(double Azurite, double Service, double LoadGenerator, double Other)
{
    public static CpuUse Median(IEnumerable<CpuUse> uses)
    {
        var all = uses.ToList();
        return new(
            Results.Stats.Median(all.Select(u => u.Azurite)),
            Results.Stats.Median(all.Select(u => u.Service)),
            Results.Stats.Median(all.Select(u => u.LoadGenerator)),
            Results.Stats.Median(all.Select(u => u.Other)));
    }
}

/// <summary>
/// Reads the CPU time of Azurite and the service from <c>/proc/{pid}/stat</c> (user + system, in clock
/// ticks of 10 ms), this process's own, and the whole machine's from <c>/proc/stat</c>, so each figure says
/// which process was busy, and whether something else was.
/// </summary>
internal sealed class CpuMeter(int azuritePid, int servicePid)
{
    private const double TicksPerSecond = 100;

    public Reading Start() => new(Stopwatch.GetTimestamp(), Seconds(azuritePid), Seconds(servicePid), OwnSeconds(), MachineSeconds());

    public CpuUse Since(Reading start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var now = Start();
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, now.Timestamp).TotalSeconds;
        var azurite = now.Azurite - start.Azurite;
        var service = now.Service - start.Service;
        var self = now.Self - start.Self;
        var other = Math.Max(0, now.Machine - start.Machine - azurite - service - self);
        return new CpuUse(Percent(azurite), Percent(service), Percent(self), Percent(other));

        double Percent(double seconds) => Math.Round(100 * seconds / wall);
    }

    /// <summary>The Azurite started by <see cref="Survey.Local.Azurite"/> records its PID in its data folder.</summary>
    public static int AzuritePid(string dataDirectory)
        => int.Parse(File.ReadAllText(Path.Combine(dataDirectory, "azurite.pid")), CultureInfo.InvariantCulture);

    private static double Seconds(int pid)
    {
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Busy time of all cores: the first line of /proc/stat, less idle and iowait.</summary>
    private static double MachineSeconds()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (ticks.Sum() - ticks[3] - ticks[4]) / TicksPerSecond;
    }

    private static double OwnSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    internal sealed record Reading(long Timestamp, double Azurite, double Service, double Self, double Machine);
}
