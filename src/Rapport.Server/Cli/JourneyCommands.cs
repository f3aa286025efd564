using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Rapport.Core;
using Rapport.Core.Journeys;
using Rapport.Core.Journeys.Simulation;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Engine.Journeys;
using Spectre.Console;

namespace Rapport.Server.Cli;

/// <summary>
/// `rapport journey simulate FILE.yaml`: runs a journey document on a fake clock for real contacts (--contact) or
/// made-up people (--sample), and prints each path with its times and the totals; nothing is sent or stored. Exit codes:
/// 0 done, 2 the journey, the responses or a contact is wrong (each error printed with its path), 1 a file cannot be read.
/// </summary>
public static class JourneyCommands
{
    public static Command Journey() => new("journey", "Work with journey definitions.") { Simulate() };

    private static Command Simulate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A YAML file with a journey document (kind: journey; its status is ignored)" };
        var contact = new Option<long[]>("--contact") { Description = "A contact to simulate, by id (repeat the option for more)", AllowMultipleArgumentsPerToken = true };
        var sample = new Option<int?>("--sample") { Description = $"Simulate this many made-up people instead (1 to {JourneySimulator.MostPeople})" };
        var days = new Option<int>("--days") { Description = $"How many days to simulate (1 to {SimulationSettings.MostDays})", DefaultValueFactory = _ => 30 };
        var responses = new Option<FileInfo?>("--responses") { Description = "A YAML file of how people answer: responses (a script), rates (chances) or both" };
        var seed = new Option<int?>("--seed") { Description = "The seed of the chances (drawn and printed when not given)" };
        var workspace = TextOptions.Workspace();
        var simulate = new Command("simulate", "Run a journey on a fake clock and print each person's path with its times, sending and storing nothing.")
        {
            file, contact, sample, days, responses, seed, workspace,
        };
        simulate.Validators.Add(result =>
        {
            var ids = result.GetValue(contact) ?? [];
            var count = result.GetValue(sample);
            if ((ids.Length == 0) == (count is null))
            {
                result.AddError("Give --contact ID (real contacts) or --sample N (made-up people): one of the two.");
            }

            if (ids.Length > JourneySimulator.MostPeople || count is < 1 or > JourneySimulator.MostPeople)
            {
                result.AddError($"Simulate 1 to {JourneySimulator.MostPeople} people.");
            }
        });
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > SimulationSettings.MostDays)
            {
                result.AddError($"--days must be from 1 to {SimulationSettings.MostDays}.");
            }
        });
        simulate.Reads(Settings.Database);
        simulate.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var clock = services.GetRequiredService<TimeProvider>();
            var ws = (await services.GetRequiredService<IWorkspaceStore>().GetOrCreateAsync(parse.GetValue(workspace)!, clock.GetUtcNow(), ct)).Id;
            var (path, document) = (await SegmentCommands.ReadAsync([parse.GetValue(file)!]))[0];
            if (document["kind"]?.GetValueKind() is { } kind && (kind != JsonValueKind.String || document["kind"]!.GetValue<string>() != "journey"))
            {
                return SegmentCommands.Fail(path, "kind", "a journey document: kind: journey");
            }

            document.Remove("kind");
            document.Remove("status");
            var errors = new FieldErrors();
            if (await services.GetRequiredService<JourneyCatalog>().ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, ct) is not { } journey)
            {
                return SegmentCommands.Fail(path, errors);
            }

            var model = ResponseModel.Silent;
            if (parse.GetValue(responses) is { } responsesFile)
            {
                var (name, answers) = (await SegmentCommands.ReadAsync([responsesFile]))[0];
                if (ResponseModelJson.Read(JsonSerializer.SerializeToElement(answers), "", journey, errors) is not { } read)
                {
                    return SegmentCommands.Fail(name, errors);
                }

                model = read;
            }

            var now = clock.GetUtcNow();
            var chances = parse.GetValue(seed) ?? Random.Shared.Next();
            IReadOnlyList<SimulatedPerson> people;
            if (parse.GetValue(sample) is { } count)
            {
                people = SimulatedPerson.Sample(journey, count, chances);
            }
            else
            {
                (people, var missing) = await services.GetRequiredService<SimulatedContacts>().LoadAsync(ws, journey, parse.GetValue(contact)!, now, ct);
                if (missing.Count > 0)
                {
                    return SegmentCommands.Fail(path, "--contact", $"no such contact: {string.Join(", ", missing)}");
                }
            }

            var simulation = JourneySimulator.Run(journey, people, new SimulationSettings(now, parse.GetValue(days), model, chances));
            Print(journey, simulation);
            return 0;
        });
        return simulate;
    }

    private static void Print(JourneyDefinition journey, Simulation simulation)
    {
        var start = simulation.Settings.Start;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{journey.Name} ({journey.Key}): {simulation.People.Count} people, {simulation.Settings.Days} days from {start:yyyy-MM-dd HH:mm} UTC, seed {simulation.Settings.Seed}"));
        var width = Math.Max(8, journey.Nodes.Keys.Max(k => k.Length));
        foreach (var path in simulation.People)
        {
            Console.WriteLine();
            Console.WriteLine($"contact {path.ContactId} ({path.Zone.Id}): {WireName.Of(path.End)} at {path.Node}{(path.Reason is null ? "" : $": {path.Reason}")}");
            var lines = path.Events.Select(e => (e.Timestamp, Node: "", Kind: "event", Why: Describe(e)))
                .Concat(path.Steps.Select(s => (Timestamp: s.At, s.Node, Kind: WireName.Of(s.Kind), s.Why)))
                .OrderBy(l => l.Timestamp); // stable: an event comes before the steps it caused
            foreach (var (at, node, kind, why) in lines)
            {
                Console.WriteLine($"  {SimulatedTime.After(start, at),-10} {SimulatedTime.Local(at, path.Zone)}  {node.PadRight(width)} {kind,-10} {why}");
            }
        }

        Console.WriteLine();
        var summary = simulation.Summary;
        AnsiConsole.Write(Table(["ended", "people"], summary.Ends.Select(e => new[] { WireName.Of(e.Key), Count(e.Value) })));
        AnsiConsole.Write(Table(["node", "edge", "passed"], summary.Passed.Select(p => new[] { p.Node, p.Edge, Count(p.Count) })));
        AnsiConsole.Write(Table(["channel", "messages"], summary.Messages.Select(m => new[] { WireName.Of(m.Key), Count(m.Value) })));
    }

    private static string Describe(JourneyEvent e) =>
        Core.Segments.ValueTests.At(e.Properties, Responses.MessageIdProperty) is { } id ? $"{e.Name} (message {id.ToJsonString()})" : e.Name;

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static Table Table(string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table().AddColumns(columns.Select(c => new TableColumn(Markup.Escape(c))).ToArray());
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        return table;
    }
}
