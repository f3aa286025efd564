using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Rapport.Core.Messages;
using Rapport.Core.Workspaces;
using Rapport.Delivery.Email;
using Rapport.Engine.Templates;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// bench email: N personalised e-mails (a Liquid template with the contact's first name and three links) sent by a
/// separate `rapport serve` through its SMTP channel to a local Postfix smtp-sink, against Postfix's smtp-source
/// sending as many copies of the same message over as many connections to the same sink. By default the messages are
/// requested by a journey the contacts are entered into through the API while it sends; with <c>queued</c> they wait in
/// the outbox before the server starts (a campaign ready to go), so that the figure is the sender's alone.
/// </summary>
public static class EmailBench
{
    public const string Journey = "bench-email";
    public const string Template = "bench-email";
    private const int CallSize = 1000;

    /// <summary>The template: the contact's first name in the subject and both bodies, and three links.</summary>
    private const string TemplateDocument = """
        {"name": "Bench e-mail", "channel": "email", "locales": {"en": {
          "subject": "{{ traits.firstName }}, your December picks",
          "html": "<p>Hello {{ traits.firstName }},</p><p>We picked three things for you this week.</p><ul><li><a href=\"https://shop.example/p/1?c={{ contact.id }}\">A warm scarf</a></li><li><a href=\"https://shop.example/p/2?c={{ contact.id }}\">A good book</a></li><li><a href=\"https://shop.example/p/3?c={{ contact.id }}\">A tin of tea</a></li></ul><p>See you soon, {{ traits.firstName }}.</p>",
          "text": "Hello {{ traits.firstName }},\n\nWe picked three things for you this week:\n- A warm scarf: https://shop.example/p/1?c={{ contact.id }}\n- A good book: https://shop.example/p/2?c={{ contact.id }}\n- A tin of tea: https://shop.example/p/3?c={{ contact.id }}\n\nSee you soon, {{ traits.firstName }}."}}}
        """;

    /// <summary>One transactional send (the gate lets it go without caps or consent) of the template, then the exit; entered through the API.</summary>
    private const string Definition = $$"""
        {"name": "Bench e-mail", "topic": "bench", "triggers": [{"api": true}],
         "nodes": [{"id": "mail", "type": "send", "channel": "email", "transactional": true, "template": "{{Template}}", "next": "done"}, {"id": "done", "type": "exit"}]}
        """;

    private static readonly string[] FirstNames = ["Ada", "Bartek", "Chloé", "Dmitri", "Ewa", "Farid", "Greta", "Hiroshi", "Inès", "Jakub"];

    public static async Task<BenchResult> RunAsync(
        string server, Func<Task<ScratchDatabase>> newDatabase, int messages, int connections, bool queued, IProgress<string> log)
    {
        await using var scratch = await newDatabase();
        await using var db = new Database(scratch.Options);
        var now = DateTimeOffset.UtcNow;
        await MigrationRunner.ApplyAsync(db, now, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, now, CancellationToken.None);
        await SeedAsync(db, workspace.Id, messages, now);
        if (queued)
        {
            await QueueAsync(db, workspace.Id, messages, now);
        }

        await JourneyBench.AfterSeedingAsync(db);
        var adminKey = await RapportServer.KeyAsync(scratch.Options, Workspace.DefaultName, ApiKeyRole.Admin);

        await using var sink = await SmtpSink.StartAsync();
        log.Report($"smtp-sink on 127.0.0.1:{sink.Port}; {messages:N0} contacts seeded ({db.Dialect})");
        var settings = new Dictionary<string, string>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture), ["Smtp:StartTls"] = "none",
            ["Smtp:Connections"] = connections.ToString(CultureInfo.InvariantCulture), ["Smtp:RatePerSecond"] = "0",
        };
        TimeSpan elapsed, entering, sending, processor;
        double peakMb, idleMb;
        string file;
        await using (var running = await RapportServer.StartAsync(server, scratch.Options, settings, CancellationToken.None))
        {
            using var admin = running.Admin(adminKey);
            var clock = Stopwatch.StartNew();
            var before = running.ProcessorTime;
            idleMb = ProcessMemory.ResidentMb(running.ProcessId);
            var first = Task.Run(async () =>
            {
                await sink.WaitForAsync(1, TimeSpan.FromMinutes(5));
                return clock.Elapsed;
            });
            if (queued)
            {
                log.Report($"server up at {running.Address}, sending the {messages:N0} queued messages over {connections} SMTP connections");
                entering = TimeSpan.Zero;
            }
            else
            {
                await SendAsync(admin, HttpMethod.Put, $"/api/v1/templates/{Template}", TemplateDocument);
                await new JourneyClient(admin, admin).StartAsync("bench", Journey, Definition);
                log.Report($"server up at {running.Address} ({idleMb:N0} MB); entering {messages:N0} contacts in calls of {CallSize:N0}, {connections} SMTP connections");
                clock.Restart();
                before = running.ProcessorTime;
                for (long id = 1; id <= messages; id += CallSize)
                {
                    var ids = Enumerable.Range(0, (int)Math.Min(CallSize, messages - id + 1)).Select(i => id + i).ToList();
                    await new JourneyClient(admin, admin).EnterAsync(Journey, ids);
                }

                entering = clock.Elapsed;
                log.Report($"entered in {entering.TotalSeconds:N1} s; {sink.Received:N0} received so far");
            }

            await sink.WaitForAsync(messages, TimeSpan.FromSeconds(60));
            elapsed = clock.Elapsed;
            sending = elapsed - await first;
            processor = running.ProcessorTime - before;
            peakMb = ProcessMemory.PeakMb(running.ProcessId);
            file = await SampleAsync(admin);
        }

        log.Report($"Rapport: {messages:N0} in {elapsed.TotalSeconds:N1} s; smtp-source now, {messages:N0} copies of a {new FileInfo(file).Length:N0}-byte message");
        var baseline = await sink.SendAsync(file, messages, connections);
        File.Delete(file);
        return new BenchResult(
            $"Personalised e-mail to a local smtp-sink ({db.Dialect}, {messages:N0} messages, {connections} connections, {(queued ? "queued before the start" : "entries through the API")})",
            "messages/s", BenchResult.Rate(messages, queued ? sending : elapsed), $"Postfix smtp-source, the same message over {connections} connections", BenchResult.Rate(messages, baseline))
        {
            Notes =
            [
                string.Create(CultureInfo.InvariantCulture,
                    $"Rapport: first entry call to the last message received {elapsed.TotalSeconds:N1} s (entries took {entering.TotalSeconds:N1} s; first message received to last {sending.TotalSeconds:N1} s: {messages / sending.TotalSeconds:N0}/s); smtp-source {baseline.TotalSeconds:N1} s"),
                string.Create(CultureInfo.InvariantCulture,
                    $"server processor time {processor.TotalSeconds:N1} s ({messages / processor.TotalSeconds:N0} messages a processor second); resident memory: {idleMb:N0} MB idle, peak (VmHWM) {peakMb:N0} MB"),
            ],
        };
    }

    /// <summary>N contacts "c{id}" with an e-mail address and a first name, written straight into the store.</summary>
    private static async Task SeedAsync(Database db, int workspaceId, int contacts, DateTimeOffset now)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        var at = now.AddDays(-30).ToUnixTimeMilliseconds();
        await RawInsert.PreparedInsertAsync(connection,
            "INSERT INTO contact (id, workspace_id, external_id, email, traits, traits_at, created_at, updated_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
            Enumerable.Range(1, contacts).Select(i => new object[]
            {
                (long)i, workspaceId, $"c{i}", $"c{i}@example.com", $$"""{"firstName":"{{FirstNames[i % FirstNames.Length]}}"}""", at, at, at,
            }));
    }

    /// <summary>One queued message for each contact, as the journey's send node would request it (transactional, the template by name).</summary>
    private static async Task QueueAsync(Database db, int workspaceId, int contacts, DateTimeOffset now)
    {
        var errors = new Core.Validation.FieldErrors();
        var document = JsonNode.Parse(TemplateDocument)!.AsObject();
        document["key"] = Template;
        _ = await new TemplateCatalog(new TemplateStore(db), TimeProvider.System).SaveAsync(workspaceId, document, errors, CancellationToken.None)
            ?? throw new InvalidOperationException($"The bench template does not read: {errors}");
        var content = JsonSerializer.Serialize(new TemplatedEmail(Template, "hello@localhost", "Rapport", []));
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await RawInsert.PreparedInsertAsync(connection,
            "INSERT INTO message (workspace_id, contact_id, channel, purpose, status, recipient, content, due_at, created_at, when_blocked) "
            + "VALUES (@p0, @p1, 'email', 'transactional', 'queued', @p2, @p3, @p4, @p4, 'wait')",
            Enumerable.Range(1, contacts).Select(i => new object[] { workspaceId, (long)i, $"c{i}@example.com", content, at }));
    }

    /// <summary>Contact 1's message as the channel writes it (the template previewed for them, composed as MIME), in a file for smtp-source.</summary>
    private static async Task<string> SampleAsync(HttpClient admin)
    {
        var preview = JsonNode.Parse(await SendAsync(admin, HttpMethod.Post, $"/api/v1/templates/{Template}/preview", """{"contactId": 1}"""))!;
        var mail = new EmailMessage("m1", "hello@localhost", "Rapport", "c1@example.com", (string)preview["subject"]!, (string?)preview["text"] ?? "", (string?)preview["html"], []);
        var mime = new MailComposer("rapport.localhost").Compose(mail, DateTimeOffset.UtcNow);
        var file = Path.Combine(Path.GetTempPath(), $"rapport-bench-{Guid.NewGuid():N}.eml");
        await using var stream = File.Create(file);
        await mime.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Unix }, stream); // smtp-source ends each line with CRLF itself
        return file;
    }

    private static async Task<string> SendAsync(HttpClient admin, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await admin.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? answer : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {answer}");
    }
}
