using System.CommandLine;
using System.Globalization;
using Rapport.Testing;
using Spectre.Console;

namespace Rapport.Bench;

/// <summary>
/// The benchmarks' command line (ingest, import, segments, journeys, email; `rapport bench` runs this program with its own arguments):
/// our figure beside a baseline measured in the same run, on a throwaway database (SQLite by default;
/// --postgres CONNECTION for PostgreSQL, whose user may create databases). The server is started as its own process.
/// </summary>
public static class BenchCommands
{
    public static RootCommand Build()
    {
        var server = new Option<string>("--server")
        {
            Description = "The rapport executable or rapport.dll to start as the server (rapport bench passes itself)",
            DefaultValueFactory = _ => RapportServer.Beside,
            Recursive = true,
        };
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
            var bench = new IngestBench(Server(parse.GetValue(server)!), new Dictionary<string, string> { ["Database:Durability"] = parse.GetValue(durability)! });
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
        var history = new Option<int?>("--events") { Description = "Events to generate over the past year [default: 10 a contact]" };
        var live = new Option<int>("--segments")
        {
            Description = "Live segments: 1 is the trigger segment alone (Bench Trigger); more are a mix of kinds (traits, events in windows, "
                          + "consent, value, stage, references, not/any/all) whose target an Order Completed lets a contact into",
            DefaultValueFactory = _ => 1,
        };
        var samples = new Option<int>("--samples") { Description = "Events whose way into a segment is timed", DefaultValueFactory = _ => 200 };
        var segments = new Command("segments",
            "A five-condition segment vs hand-written SQL; event-to-membership latency through a separate `rapport serve` vs a full "
            + "re-evaluation of the segment; a full refresh of all live segments vs the interval it runs at (the share of one core).")
        {
            postgres, people, history, live, samples,
        };
        segments.SetAction(async (parse, _) =>
        {
            var contacts = parse.GetValue(people);
            foreach (var result in await SegmentBench.RunAsync(Server(parse.GetValue(server)!), Scratch(parse.GetValue(postgres)),
                         contacts, parse.GetValue(history) ?? 10 * contacts, parse.GetValue(live), parse.GetValue(samples), Log()))
            {
                Print(result);
            }

            return 0;
        });
        var journeys = Journeys(postgres, server);
        var messages = new Option<int>("--messages") { Description = "Personalised e-mails to send", DefaultValueFactory = _ => 100_000 };
        var connections = new Option<int>("--connections") { Description = "SMTP connections (Rapport:Smtp:Connections; smtp-source's sessions)", DefaultValueFactory = _ => 4 };
        var queued = new Option<bool>("--queued") { Description = "The messages wait in the outbox before the server starts (a campaign ready to go): the sender alone" };
        var email = new Command("email",
            "Personalised e-mail from a separate `rapport serve` through SMTP to a local Postfix smtp-sink vs Postfix smtp-source sending the same message "
            + "over as many connections to the same sink; the server's peak memory.")
        {
            postgres, messages, connections, queued,
        };
        email.SetAction(async (parse, _) =>
        {
            Print(await EmailBench.RunAsync(Server(parse.GetValue(server)!), Scratch(parse.GetValue(postgres)), parse.GetValue(messages), parse.GetValue(connections), parse.GetValue(queued), Log()));
            return 0;
        });
        return new RootCommand("Rapport's benchmarks (`rapport bench COMMAND` runs this program): Rapport beside a baseline measured in"
                               + " the same run. Each makes its own throwaway database, reads no configuration and starts the server as its own process.")
        {
            server, ingest, import, segments, journeys, email,
        };
    }

    private static Command Journeys(Option<string?> postgres, Option<string> server)
    {
        var people = new Option<int>("--contacts") { Description = "Contacts taken through the five-node journey", DefaultValueFactory = _ => 100_000 };
        var timers = new Option<int>("--timers") { Description = "Instances waiting on timers (0: leave the timers out)", DefaultValueFactory = _ => 1_000_000 };
        var spread = new Option<int>("--spread") { Description = "Seconds over which the timers come due", DefaultValueFactory = _ => 600 };
        var samples = new Option<int>("--samples") { Description = "Answers whose wake-up is timed (0: leave them out)", DefaultValueFactory = _ => 200 };
        var rate = new Option<int>("--rate") { Description = "Events per second of other tracking sent meanwhile", DefaultValueFactory = _ => 2_000 };
        var journeys = new Command("journeys",
            "Steps per second through a five-node journey vs raw insert of the same steps; event to wake-up under a steady load vs the "
            + "HTTP floor; the lateness of timers due over a spread vs the look interval of a worker. Each in a separate `rapport serve`.")
        {
            postgres, people, timers, spread, samples, rate,
        };
        journeys.SetAction(async (parse, _) =>
        {
            foreach (var result in await JourneyBench.RunAsync(Server(parse.GetValue(server)!), Scratch(parse.GetValue(postgres)), parse.GetValue(people),
                         parse.GetValue(samples), parse.GetValue(rate), parse.GetValue(timers), TimeSpan.FromSeconds(parse.GetValue(spread)), Log()))
            {
                Print(result);
            }

            return 0;
        });
        return journeys;
    }

    /// <summary>The server to start, which must exist.</summary>
    private static string Server(string path) => File.Exists(path)
        ? Path.GetFullPath(path)
        : throw new FileNotFoundException($"No rapport server at {path}: give one with --server PATH (the rapport executable or rapport.dll).");

    private static Func<Task<ScratchDatabase>> Scratch(string? postgres) =>
        postgres is null ? () => Task.FromResult(ScratchDatabase.Sqlite()) : () => ScratchDatabase.PostgresAsync(postgres);

    private static Progress<string> Log() => new(line => AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{line}[/]"));

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
