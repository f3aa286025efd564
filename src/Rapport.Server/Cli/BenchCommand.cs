using System.CommandLine;
using System.Diagnostics;

namespace Rapport.Server.Cli;

/// <summary>
/// rapport bench …: the benchmarks are their own program (bench/Rapport.Bench), which starts `rapport serve` as a
/// process to measure it. This verb runs that program with the arguments as given, and this rapport as its server.
/// </summary>
public static class BenchCommand
{
    public const string Name = "bench";

    private const string Program = "Rapport.Bench";

    /// <summary>The verb as help lists it; <see cref="RapportCli.RunAsync"/> hands its arguments to <see cref="RunAsync"/> untouched.</summary>
    public static Command Create() => new(Name,
        "Benchmarks (ingest, import, segments, journeys): Rapport beside a baseline measured in the same run; rapport help bench lists them.");

    /// <summary>Runs the benchmarks' program with <paramref name="args"/> and returns its exit code; 1, saying how to build it, when it is not built.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Find() is not { } program)
        {
            await Console.Error.WriteLineAsync(NotBuilt());
            return 1;
        }

        var start = UnderDotnet
            ? new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { program } }
            : new ProcessStartInfo(Path.ChangeExtension(program, null));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (!args.Any(a => a == "--server" || a.StartsWith("--server=", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("--server");
            start.ArgumentList.Add(UnderDotnet ? typeof(BenchCommand).Assembly.Location : Environment.ProcessPath!);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Whether this process is `dotnet rapport.dll` (dotnet run, the tests) rather than the rapport executable.</summary>
    private static bool UnderDotnet => Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";

    /// <summary>
    /// Rapport.Bench.dll beside this rapport (both built into one folder), else the one built in the source tree this
    /// rapport was built in, in the same configuration (bench/Rapport.Bench/bin/Release/net10.0 beside src/…/bin/Release/net10.0).
    /// </summary>
    private static string? Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, Program + ".dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var inTree = SourceTree() is { } root && output.Parent is { } configuration
            ? Path.Combine(root.FullName, "bench", Program, "bin", configuration.Name, output.Name, Program + ".dll")
            : null;
        return File.Exists(inTree) ? inTree : null;
    }

    private static string NotBuilt()
    {
        return SourceTree() is { } root
            ? $"The benchmarks are their own program, not built yet. In {root.FullName}, build them with "
              + $"`dotnet build -c {new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name} bench/{Program}` (then run rapport bench again), "
              + $"or run them with `dotnet run -c Release --project bench/{Program} -- ingest` (or import, segments, journeys)."
            : $"The benchmarks are their own program (bench/{Program} in Rapport's source), not installed with rapport. "
              + $"In the source folder: `dotnet run -c Release --project bench/{Program} -- ingest` (or import, segments, journeys).";
    }

    /// <summary>The source folder (with Rapport.slnx) above this rapport's output folder, if it was built from one.</summary>
    private static DirectoryInfo? SourceTree()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Rapport.slnx")))
            {
                return folder;
            }
        }

        return null;
    }
}
