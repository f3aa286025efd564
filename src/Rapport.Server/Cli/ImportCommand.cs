using System.CommandLine;
using System.Diagnostics;
using Rapport.Core.Ports;
using Rapport.Engine.Import;
using Spectre.Console;

namespace Rapport.Server.Cli;

/// <summary>
/// rapport import contacts FILE.csv: streams the file, shows rows/s, writes rejected rows to
/// FILE.errors.csv. Exit code 0: all rows imported; 2: some rows rejected; 1: the file could not be read.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A UTF-8 CSV file with a header row" };
        var workspace = TextOptions.Workspace();
        var contacts = new Command("contacts", "Import contacts from CSV: upsert by externalId, else email, else phone.") { file, workspace };
        contacts.Reads(Settings.Import);
        contacts.SetAction(async (parse, ct) =>
        {
            var csv = parse.GetValue(file)!;
            if (!csv.Exists)
            {
                await Console.Error.WriteLineAsync($"No such file: {csv.FullName}");
                return 1;
            }

            await using var services = await CliServices.StartAsync(parse, ct);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var space = await services.GetRequiredService<IWorkspaceStore>().GetOrCreateAsync(parse.GetValue(workspace)!, now, ct);
            var import = services.GetRequiredService<ContactImport>();
            return await RunAsync(import, space.Id, csv, ct);
        });
        return new Command("import", "Import data from files.") { contacts };
    }

    private static async Task<int> RunAsync(ContactImport import, int workspaceId, FileInfo csv, CancellationToken ct)
    {
        var errorsPath = Path.ChangeExtension(csv.FullName, ".errors.csv");
        var clock = Stopwatch.StartNew();
        ImportSummary? summary = null;
        string? failure = null;
        await using (var errors = new StreamWriter(errorsPath))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Importing {csv.Name}", maxValue: Math.Max(1, csv.Length));
                    var report = new Progress<ImportProgress>(p =>
                    {
                        task.Value = p.BytesRead;
                        task.Description = $"{p.Rows:N0} rows, {p.Rows / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} rows/s";
                    });
                    await using var stream = csv.OpenRead();
                    try
                    {
                        summary = await import.RunAsync(workspaceId, stream, errors, report, ct);
                    }
                    catch (ImportException e)
                    {
                        failure = e.Message;
                    }

                    task.Value = task.MaxValue;
                });
        }

        if (new FileInfo(errorsPath).Length == 0)
        {
            File.Delete(errorsPath);
        }

        if (failure is not null)
        {
            await Console.Error.WriteLineAsync(failure);
            return 1;
        }

        var rate = summary!.Rows / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        Console.WriteLine($"Imported {csv.Name}: {summary.Rows:N0} rows in {clock.Elapsed.TotalSeconds:N1} s ({rate:N0} rows/s): " +
                          $"{summary.Created:N0} created, {summary.Updated:N0} updated, {summary.Rejected:N0} rejected.");
        if (summary.Rejected > 0)
        {
            Console.WriteLine($"Rejected rows, with line numbers and reasons: {errorsPath}");
            return 2;
        }

        return 0;
    }
}
