using System.Diagnostics;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Runs the real rapport executable, as a user types it, against a test database.</summary>
public static class RapportProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(TestDatabase? database, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rapport.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (database is not null)
        {
            start.Environment["Rapport__Database__Provider"] = database.Options.Provider;
            start.Environment["Rapport__Database__ConnectionString"] = database.Options.ConnectionString;
        }

        start.Environment["Rapport__Phone__DefaultCountry"] = "PL";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }
}
