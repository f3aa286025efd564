using System.Diagnostics;
using System.Globalization;
using Rapport.Core.Contacts;
using Rapport.Core.Workspaces;
using Rapport.Engine.Import;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// bench import: a generated CSV imported as `rapport import contacts` does (streamed, checked,
/// upserted), against the same contacts bulk-inserted straight into an empty contact table.
/// </summary>
public static class ImportBench
{
    public static async Task<BenchResult> RunAsync(Func<Task<ScratchDatabase>> newDatabase, int rows, IProgress<string> log)
    {
        var folder = Directory.CreateTempSubdirectory("rapport-bench-");
        try
        {
            var csv = Path.Combine(folder.FullName, "contacts.csv");
            await WriteCsvAsync(csv, rows);
            log.Report($"wrote {rows:N0} rows ({new FileInfo(csv).Length / 1024 / 1024} MB)");

            await using var ours = await newDatabase();
            var (imported, elapsed) = await ImportAsync(ours.Options, csv);
            if (imported != rows)
            {
                throw new InvalidOperationException($"The import created {imported} of {rows} contacts.");
            }

            await using var baseline = await newDatabase();
            var raw = await RawAsync(baseline.Options, rows);
            return new BenchResult($"CSV import ({ours.Options.Provider}, {rows:N0} new contacts)", "rows/s",
                BenchResult.Rate(rows, elapsed), "raw bulk insert", BenchResult.Rate(rows, raw));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task WriteCsvAsync(string path, int rows)
    {
        var random = new Random(7);
        var cities = new[] { "Kraków", "Warszawa", "Riyadh", "Tehran", "Cairo", "Berlin", "Lyon", "Porto" };
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("externalId,email,phone,firstName,lastName,city,timeZone");
        for (var i = 0; i < rows; i++)
        {
            var phone = string.Create(CultureInfo.InvariantCulture, $"+48 601 {i / 1000 % 1000:D3} {i % 1000:D3}");
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"crm-{i},person{i}@Example.com,{(i < 1_000_000 ? phone : "")},First{random.Next(1000)},Last{random.Next(5000)},{cities[random.Next(cities.Length)]},Europe/Warsaw"));
        }
    }

    private static async Task<(long Created, TimeSpan Elapsed)> ImportAsync(DatabaseOptions options, string csv)
    {
        await using var db = new Database(options);
        await MigrationRunner.ApplyAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, DateTimeOffset.UtcNow, CancellationToken.None);
        var import = new ContactImport(new ContactImportStore(db), new ContactRules("PL"), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        await using var file = File.OpenRead(csv);
        var summary = await import.RunAsync(workspace.Id, file, TextWriter.Null, null, CancellationToken.None);
        return (summary.Created, clock.Elapsed);
    }

    private static async Task<TimeSpan> RawAsync(DatabaseOptions options, int rows)
    {
        await using var db = new Database(options);
        await MigrationRunner.ApplyAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, DateTimeOffset.UtcNow, CancellationToken.None);
        var contacts = Enumerable.Range(0, rows).Select(i => ((long)i + 1, $"crm-{i}", $"person{i}@example.com")).ToList();
        var clock = Stopwatch.StartNew();
        await RawInsert.ContactsAsync(db, workspace.Id, contacts);
        return clock.Elapsed;
    }
}
