using System.Globalization;

namespace Rapport.Bench;

/// <summary>A process's resident memory as Linux reports it in /proc/PID/status, in megabytes.</summary>
public static class ProcessMemory
{
    /// <summary>Resident memory now (VmRSS).</summary>
    public static double ResidentMb(int pid) => Field(pid, "VmRSS:");

    /// <summary>The highest resident memory since the process started (VmHWM).</summary>
    public static double PeakMb(int pid) => Field(pid, "VmHWM:");

    private static double Field(int pid, string name)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        var kilobytes = long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }
}
