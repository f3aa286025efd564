using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Rapport.Bench;
using Rapport.Storage;
using Spectre.Console;

namespace Rapport.Server.Cli;

/// <summary>
/// rapport bench ingest|import|segments: our figure beside a baseline measured in the same run, on a throwaway
/// database (SQLite by default; --postgres CONNECTION for PostgreSQL, whose user may create databases).
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres") { Description = "Run on PostgreSQL: a connection string whose user may create databases" };
        var events = new Option<int>("--events") { Description = "Events to send", DefaultValueFactory = _ => 200_000 };
        var batch = new Option<int>("--batch") { Description = "Messages per /v1/batch call", DefaultValueFactory = _ => 250 };
        var senders = new Option<int>("--senders") { Description = "Concurrent HTTP senders", DefaultValueFactory = _ => 4 };
        var warmup = new Option<int>("--warmup") { Description = "Events sent and inserted untimed first (the JIT's warm-up)", DefaultValueFactory = _ => 50_000 };
        var durability = new Option<string>("--durability")
        {
            Description = "SQLite: the server's Rapport:Database:Durability, full (the default) or normal",
            DefaultValueFactory = _ => "full",
        };
        var rows = new Option<int>("--rows") { Description = "Contacts in the CSV file", DefaultValueFactory = _ => 200_000 };

        var ingest = new Command("ingest", "HTTP batch ingest into a separate `rapport serve` process vs raw bulk insert of the same events.")
        {
            postgres, events, batch, senders, warmup, durability,
        };
        ingest.SetAction(async (parse, _) =>
        {
            var bench = new IngestBench((database, port) => StartServer(database, port, parse.GetValue(durability)!));
            var result = await bench.RunAsync(Scratch(parse.GetValue(postgres)), parse.GetValue(events), parse.GetValue(batch), parse.GetValue(senders), parse.GetValue(warmup), Log());
            Print(result);
            return 0;
        });

        var import = new Command("import", "CSV contact import vs raw bulk insert of the same contacts.") { postgres, rows };
        import.SetAction(async (parse, _) =>
        {
            Print(await ImportBench.RunAsync(Scratch(parse.GetValue(postgres)), parse.GetValue(rows), Log()));
            return 0;
        });
        var people = new Option<int>("--contacts") { Description = "Contacts to generate", DefaultValueFactory = _ => 1_000_000 };
        var history = new Option<int>("--events") { Description = "Events to generate", DefaultValueFactory = _ => 10_000_000 };
        var samples = new Option<int>("--samples") { Description = "Events whose way into a segment is timed", DefaultValueFactory = _ => 200 };
        var segments = new Command("segments", "A five-condition segment vs hand-written SQL, and event-to-membership latency vs a full re-evaluation.")
        {
            postgres, people, history, samples,
        };
        segments.SetAction(async (parse, _) =>
        {
            foreach (var result in await SegmentBench.RunAsync(
                Scratch(parse.GetValue(postgres)), parse.GetValue(people), parse.GetValue(history), parse.GetValue(samples), Log()))
            {
                Print(result);
            }

            return 0;
        });
        return new Command("bench", "Benchmarks: Rapport beside a baseline measured in the same run." + " Each makes its own throwaway database and reads no configuration.") { ingest, import, segments };
    }

    private static Func<Task<ScratchDatabase>> Scratch(string? postgres) =>
        postgres is null ? () => Task.FromResult(ScratchDatabase.Sqlite()) : () => ScratchDatabase.PostgresAsync(postgres);

    private static Progress<string> Log() => new(line => AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{line}[/]"));

    /// <summary>This same executable, serving on the port, with logging kept quiet.</summary>
    private static Process StartServer(DatabaseOptions database, int port, string durability)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self) { ArgumentList = { typeof(BenchCommand).Assembly.Location } }
            : new ProcessStartInfo(self);
        foreach (var arg in new[] { "serve", $"--urls=http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Rapport__Database__Provider"] = database.Provider;
        start.Environment["Rapport__Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Rapport__Database__Durability"] = durability;
        return Process.Start(start)!;
    }

    private static void Print(BenchResult result)
    {
        var table = new Table().AddColumns("benchmark", "Rapport", "baseline", "ratio");
        table.AddRow(
            Markup.Escape(result.What),
            $"{result.Ours.ToString("N0", CultureInfo.InvariantCulture)} {result.Unit}",
            $"{result.BaselineRate.ToString("N0", CultureInfo.InvariantCulture)} {result.Unit} ({Markup.Escape(result.Baseline)})",
            result.Ratio.ToString("0.00", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        foreach (var note in result.Notes)
        {
            AnsiConsole.WriteLine(note);
        }
    }
}
