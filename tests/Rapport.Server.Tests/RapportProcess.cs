using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Runs the real rapport executable, as a user types it, against a test database.</summary>
public static partial class RapportProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(TestDatabase? database, string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(database, workingDirectory, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>`rapport serve` on a free loopback port, once it listens; it is stopped when disposed.</summary>
    public static async Task<Server> ServeAsync(TestDatabase database, string workingDirectory, params string[] args)
    {
        var process = Process.Start(StartInfo(database, workingDirectory, ["serve", "--urls=http://127.0.0.1:0", .. args]))!;
        var error = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                var rest = process.StandardOutput.ReadToEndAsync(); // keep reading, or the server blocks on a full pipe
                return new Server(process, new Uri(match.Groups["url"].Value), rest);
            }
        }

        await process.WaitForExitAsync();
        throw new InvalidOperationException($"rapport serve exited ({process.ExitCode}) before listening: {await error}");
    }

    private static ProcessStartInfo StartInfo(TestDatabase? database, string workingDirectory, IEnumerable<string> args)
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
        return start;
    }

    [GeneratedRegex("Now listening on: (?<url>http://[0-9.]+:[0-9]+)")]
    private static partial Regex Listening();

    /// <summary>A running `rapport serve`.</summary>
    public sealed class Server(Process process, Uri address, Task<string> output) : IAsyncDisposable
    {
        public Uri BaseAddress => address;

        public HttpClient Client(string key)
        {
            var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        public bool HasExited => process.HasExited;

        public async Task<bool> IsHealthyAsync()
        {
            using var client = new HttpClient { BaseAddress = address };
            return (await client.GetAsync("/healthz")).StatusCode == System.Net.HttpStatusCode.OK;
        }

        /// <summary>SIGKILL: no shutdown, no flush, as a power cut or the OOM killer ends it.</summary>
        public async Task KillAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        /// <summary>Stops the server (as Ctrl+C would) and answers what it wrote to standard output.</summary>
        public async Task<string> StopAsync()
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            }

            await process.WaitForExitAsync();
            return await output;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            process.Dispose();
        }
    }
}
