using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Value;
using Rapport.Engine.Journeys;
using Rapport.Engine.Policy;
using Rapport.Engine.Segments;
using Rapport.Engine.Templates;
using Rapport.Engine.Value;
using Spectre.Console;
using Rapport.Storage;
using YamlDotNet.Core;

namespace Rapport.Server.Cli;

/// <summary>
/// Definitions as code: `rapport apply FILE.yaml…` stores every document (kind: segment, journey or template, as its next
/// version, a journey with the status it names; kind: policy, the contact policy, as its next version unless the rules
/// are the same; kind: ladder, the rules of the ladder of loyalty under `stages`); `rapport segment preview FILE.yaml` counts and samples a definition's members without saving.
/// Exit codes: 0 done, 2 a definition is wrong (each error printed with its path), 1 the file cannot be read.
/// </summary>
public static class SegmentCommands
{
    public static Command Apply()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "YAML files of definitions (several documents per file with ---)", Arity = ArgumentArity.OneOrMore };
        var workspace = TextOptions.Workspace();
        var apply = new Command("apply", "Store the definitions of YAML files (segments, journeys, templates and the contact policy, each as its next version; the ladder of loyalty).") { files, workspace };
        apply.Reads(Settings.Database);
        apply.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var (ws, catalog) = await OpenAsync(services, parse.GetValue(workspace)!, ct);
            var store = services.GetRequiredService<ISegmentStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var (file, document) in await ReadAsync(parse.GetValue(files)!))
            {
                var kind = document["kind"] is JsonValue k && k.TryGetValue<string>(out var name) ? name : null;
                document.Remove("kind");
                if (kind == "ladder")
                {
                    if (document.FirstOrDefault(p => p.Key != "stages").Key is { } extra)
                    {
                        return Fail(file, extra, "unknown here; a ladder document has kind and stages");
                    }

                    var stages = JsonSerializer.SerializeToElement(document["stages"] ?? new JsonObject());
                    var ladderErrors = new FieldErrors();
                    if (LoyaltyLadder.Read(stages, ladderErrors) is not { } ladder)
                    {
                        return Fail(file, ladderErrors);
                    }

                    await services.GetRequiredService<CustomerValues>().SaveLadderAsync(ws, stages, ct);
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"ladder: {ladder.Rules.Count} stage rules (everyone is restaged within a minute)");
                    continue;
                }

                if (kind == "journey")
                {
                    if (await ApplyJourneyAsync(services, ws, file, document, now, ct) is var failed and not 0)
                    {
                        return failed;
                    }

                    continue;
                }

                if (kind == "template")
                {
                    var templateErrors = new FieldErrors();
                    if (await services.GetRequiredService<TemplateCatalog>().SaveAsync(ws, document, templateErrors, ct) is not { } template)
                    {
                        return Fail(file, templateErrors);
                    }

                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"template [bold]{template.Stored.Key}[/]: version {template.Stored.Version}");
                    continue;
                }

                if (kind == "policy")
                {
                    var policyErrors = new FieldErrors();
                    if (await services.GetRequiredService<ContactPolicies>().SaveAsync(ws, JsonSerializer.SerializeToElement(document), policyErrors, ct) is not { } policy)
                    {
                        return Fail(file, policyErrors);
                    }

                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"contact policy: version {policy.Stored!.Version}");
                    continue;
                }

                if (kind != "segment")
                {
                    return Fail(file, "kind", "one of: segment, ladder, journey, template, policy");
                }

                var errors = new FieldErrors();
                var definition = await catalog.ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, ct);
                if (definition is null)
                {
                    return Fail(file, errors);
                }

                var version = await store.SaveAsync(ws, definition.Key, definition.Name, document.ToJsonString(), now, ct);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"segment [bold]{definition.Key}[/]: version {version}");
            }

            return 0;
        });
        return apply;
    }

    /// <summary>A journey document: its next version, and the status it asks for (status: active | paused | stopped; omitted: unchanged).</summary>
    private static async Task<int> ApplyJourneyAsync(ServiceProvider services, int ws, string file, JsonObject document, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = document["status"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        document.Remove("status");
        if (wanted is not null && (!WireName.TryParse<JourneyStatus>(wanted, out _) || wanted == "draft"))
        {
            return Fail(file, "status", "one of: active, paused, stopped (or leave it out)");
        }

        var errors = new FieldErrors();
        var definition = await services.GetRequiredService<JourneyCatalog>().ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, ct);
        if (definition is null)
        {
            return Fail(file, errors);
        }

        var store = services.GetRequiredService<IJourneyStore>();
        var (version, _) = await store.SaveAsync(ws, definition.Key, definition.Name, document.ToJsonString(), null, now, ct);
        if (wanted is not null && WireName.TryParse<JourneyStatus>(wanted, out var status) && (await store.GetAsync(ws, definition.Key, null, ct))!.Status != status)
        {
            await store.SetStatusAsync(ws, definition.Key, status, now, ct);
        }

        var journey = (await store.GetAsync(ws, definition.Key, null, ct))!;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"journey [bold]{definition.Key}[/]: version {version}, {WireName.Of(journey.Status)}");
        return 0;
    }

    public static Command Segment()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A YAML file with one segment definition" };
        var workspace = TextOptions.Workspace();
        var preview = new Command("preview", "Count and sample the members of a segment definition, saving nothing.") { file, workspace };
        preview.Reads(Settings.Database);
        preview.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var (ws, catalog) = await OpenAsync(services, parse.GetValue(workspace)!, ct);
            var (path, document) = (await ReadAsync([parse.GetValue(file)!])).First();
            document.Remove("kind");
            document["key"] ??= "preview";
            var errors = new FieldErrors();
            var definition = await catalog.ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, ct);
            if (definition is null)
            {
                return Fail(path, errors);
            }

            var current = await catalog.CurrentAsync(ws, ct);
            var store = services.GetRequiredService<ISegmentStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var count = await store.CountAsync(ws, definition.Condition, current.GetValueOrDefault, now, ct);
            var table = new Table().AddColumns("id", "externalId", "email", "phone");
            foreach (var m in await store.MembersAsync(ws, definition.Condition, current.GetValueOrDefault, now, 0, 10, ct))
            {
                table.AddRow(m.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.ExternalId ?? ""), Markup.Escape(m.Email ?? ""), Markup.Escape(m.Phone ?? ""));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"{definition.Name}: {count.ToString("N0", CultureInfo.InvariantCulture)} members");
            return 0;
        });
        return new Command("segment", "Work with segment definitions.") { preview };
    }

    private static async Task<(int Workspace, SegmentCatalog Catalog)> OpenAsync(ServiceProvider services, string name, CancellationToken ct)
    {
        var space = await services.GetRequiredService<IWorkspaceStore>().GetOrCreateAsync(name, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        return (space.Id, services.GetRequiredService<SegmentCatalog>());
    }

    /// <summary>
    /// Every document of every file; a file that is not YAML (a key given twice in a mapping included) or
    /// holds text an API body may not (a NUL) stops with a clear message.
    /// </summary>
    internal static Task<List<(string File, JsonObject Document)>> ReadAsync(IEnumerable<FileInfo> files)
    {
        var documents = new List<(string, JsonObject)>();
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                throw new ConfigurationError($"{file.FullName}: no such file.");
            }

            IReadOnlyList<JsonObject> read;
            try
            {
                read = YamlDocuments.Read(file.FullName);
            }
            catch (YamlException e)
            {
                throw new ConfigurationError($"{file.Name}: not valid YAML ({e.Message}).");
            }

            for (var i = 0; i < read.Count; i++)
            {
                if (JsonText.Check(JsonSerializer.SerializeToUtf8Bytes(read[i]), "document") is { } text)
                {
                    throw new ConfigurationError($"{file.Name}: document {i + 1}, {text}."); // the text API bodies may hold, too
                }
            }

            documents.AddRange(read.Select(d => (file.Name, d)));
        }

        return Task.FromResult(documents);
    }

    internal static int Fail(string file, FieldErrors errors)
    {
        foreach (var (path, messages) in errors.ToDictionary())
        {
            Console.Error.WriteLine($"{file}: {path}: {string.Join("; ", messages)}");
        }

        return 2;
    }

    internal static int Fail(string file, string path, string message)
    {
        Console.Error.WriteLine($"{file}: {path}: {message}");
        return 2;
    }
}
