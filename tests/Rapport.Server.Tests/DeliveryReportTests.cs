using System.Text;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Rapport.Core.Consent;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// The host sending through the real SMTP channel to smtp-sink and taking the delivery reports a mailbox provider's
/// server would send back to each message's return path (Rapport:Inbound), spoken to with MailKit.
/// </summary>
public abstract class DeliveryReportTests(DeliveryReportServer server)
{
    private const string Template = """
        {"name": "News", "channel": "email", "defaultLocale": "en", "locales": {"en": {"subject": "Our news", "html": "<p>Hello</p>"}}}
        """;

    /// <summary>A contact and a transactional e-mail sent to them through the relay; its id and the return path it went from.</summary>
    private async Task<(long Contact, string Email, long Message, string ReturnPath)> SentAsync()
    {
        var admin = server.Client();
        var template = Some.Id("news").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{template}", Template);
        var email = Some.Email();
        var (_, person) = await admin.PostAsync("/api/v1/contacts", $$"""{"email": "{{email}}"}""");
        var contact = person!["id"]!.GetValue<long>();
        var (_, queued) = await admin.PostAsync("/api/v1/messages", $$"""{"contactId": {{contact}}, "template": "{{template}}", "transactional": true}""");
        var id = queued!["id"]!.GetValue<long>();
        await StatusAsync(id, "sent");
        return (contact, email, id, await server.ReturnPathAsync(id));
    }

    private Task<JsonNode> StatusAsync(long message, string status) =>
        Eventually.UntilAsync(async () => (await server.Client().GetJsonAsync($"/api/v1/messages/{message}")).Body!["message"]!,
            m => m["status"]?.GetValue<string>() == status, $"message {message} {status}");

    private async Task<List<JsonNode>> TimelineAsync(long contact, string name) =>
        (await server.Client().GetJsonAsync($"/api/v1/contacts/{contact}/timeline")).Body!["items"]!.AsArray()
            .Where(e => e!["name"]!.GetValue<string>() == name).Select(e => e!).ToList();

    /// <summary>A report from the recipient's server, sent to <paramref name="returnPath"/> from the null sender as an MTA sends it.</summary>
    private async Task ReportAsync(string returnPath, string recipient, string action, string status, string diagnostic)
    {
        var text = $"""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.pl>
            To: {returnPath}
            Subject: Delivery Status Notification
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="R"

            --R
            Content-Type: text/plain

            This is the mail system at host mx.example.pl.
            --R
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.pl

            Final-Recipient: rfc822; {recipient}
            Action: {action}
            Status: {status}
            Diagnostic-Code: smtp; {diagnostic}

            --R--
            """;
        using var mta = new SmtpClient();
        await mta.ConnectAsync("127.0.0.1", server.InboundPort, MailKit.Security.SecureSocketOptions.None);
        await mta.SendAsync(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n")))),
            new MailboxAddress("", ""), [MailboxAddress.Parse(returnPath)]);
        await mta.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task A_delivery_report_marks_the_message_delivered_once_and_tells_the_contacts_timeline_and_its_journey()
    {
        var admin = server.Client();
        var template = Some.Id("news").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{template}", Template);
        var (topic, journey) = (Some.Id("news").ToLowerInvariant(), Some.Id("hello").ToLowerInvariant());
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "News"}""");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{journey}", $$"""
            {"name": "Hello", "topic": "{{topic}}", "triggers": [{"api": true}],
             "nodes": [{"id": "hello", "type": "send", "channel": "email", "template": "{{template}}", "next": "wait"},
                       {"id": "wait", "type": "waitFor", "answers": [{"response": "delivered", "to": "hello", "next": "arrived"}], "timeout": "P3D", "onTimeout": "lost"},
                       {"id": "arrived", "type": "exit"}, {"id": "lost", "type": "exit"}]}
            """);
        await admin.PostAsync($"/api/v1/journeys/{journey}/activate", "{}");
        var email = Some.Email();
        var contact = (await admin.PostAsync("/api/v1/contacts", $$"""{"email": "{{email}}"}""")).Body!["id"]!.GetValue<long>();
        await admin.PostAsync($"/api/v1/contacts/{contact}/consent", $$"""{"action": "grant", "topic": "{{topic}}", "channel": "email"}""");
        await admin.PostAsync($"/api/v1/journeys/{journey}/entries", $$"""{"contactIds": [{{contact}}]}""");
        var id = (await Eventually.UntilAsync(() => admin.GetJsonAsync($"/api/v1/messages?journey={journey}&status=sent"),
            r => r.Body?["items"]?.AsArray().Count == 1, "the journey's e-mail sent")).Body!["items"]![0]!["id"]!.GetValue<long>();
        var returnPath = await server.ReturnPathAsync(id);

        await ReportAsync(returnPath, email, "delivered", "2.0.0", "250 2.0.0 Ok: queued as 4Q1x");
        await ReportAsync(returnPath, email, "delivered", "2.0.0", "250 2.0.0 Ok: queued as 4Q1x"); // the same report again

        Assert.Equal("delivered", (await StatusAsync(id, "delivered"))["status"]!.GetValue<string>());
        var delivered = Assert.Single(await TimelineAsync(contact, "Email Delivered"))!;
        Assert.Equal((id, journey, "hello", "rapport"), (delivered["properties"]!["messageId"]!.GetValue<long>(),
            delivered["properties"]!["journey"]!.GetValue<string>(), delivered["properties"]!["node"]!.GetValue<string>(), delivered["source"]!.GetValue<string>()));
        var ended = await Eventually.UntilAsync(() => TimelineAsync(contact, "Journey Step"),
            steps => steps.Any(s => s["properties"]!["kind"]!.GetValue<string>() == "answered"), "the journey answered");
        Assert.Contains("Email Delivered", ended.Single(s => s["properties"]!["kind"]!.GetValue<string>() == "answered")["properties"]!["why"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bounce_marks_the_message_bounced_with_the_servers_words_and_suppresses_an_address_that_does_not_exist()
    {
        var (contact, email, id, returnPath) = await SentAsync();

        await ReportAsync(returnPath, email, "failed", "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist");

        var message = await StatusAsync(id, "bounced");
        Assert.Equal("5.1.1 550 5.1.1 The email account that you tried to reach does not exist", message["reason"]!.GetValue<string>());
        var bounced = Assert.Single(await TimelineAsync(contact, "Email Bounced"))!["properties"]!;
        Assert.Equal((id, "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist"),
            (bounced["messageId"]!.GetValue<long>(), bounced["status"]!.GetValue<string>(), bounced["diagnostic"]!.GetValue<string>()));
        Assert.Empty(await TimelineAsync(contact, "Email Delivered"));
        var workspace = (await server.Services.GetRequiredService<IWorkspaceStore>().FindAsync("default", CancellationToken.None))!.Id;
        Assert.True(await server.Services.GetRequiredService<ISuppressionStore>().IsSuppressedAsync(workspace, SuppressionKind.Email, email, CancellationToken.None));
    }

    [Fact]
    public async Task Mail_that_settles_nothing_is_taken_and_changes_nothing_a_delay_a_reply_and_a_report_on_no_message()
    {
        var (contact, email, id, returnPath) = await SentAsync();
        var returnPaths = await Hosting.EmailServices.ReturnPathsAsync(server.Services.GetRequiredService<ISettingStore>(), "bounces.shop.example", CancellationToken.None);
        var reply = new MimeMessage([MailboxAddress.Parse(email)], [MailboxAddress.Parse(returnPath)], "Re: Our news", new TextPart("plain") { Text = "Thanks!" });

        await ReportAsync(returnPath, email, "delayed", "4.4.7", "451 4.4.7 try again later");
        using (var mta = new SmtpClient())
        {
            await mta.ConnectAsync("127.0.0.1", server.InboundPort, MailKit.Security.SecureSocketOptions.None);
            await mta.SendAsync(reply);
        }

        await ReportAsync(returnPaths.For("m999999999", "hello@localhost"), email, "delivered", "2.0.0", "250 ok");

        Assert.Equal("sent", (await StatusAsync(id, "sent"))["status"]!.GetValue<string>());
        Assert.Empty(await TimelineAsync(contact, "Email Delivered"));
        Assert.Empty(await TimelineAsync(contact, "Email Bounced"));
    }

    [Fact]
    public async Task Mail_for_a_forged_return_path_is_refused_with_550_and_changes_nothing()
    {
        var (contact, email, id, returnPath) = await SentAsync();
        var forged = returnPath.Replace($"+m{id}-", $"+m{id + 1}-", StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => ReportAsync(forged, email, "failed", "5.1.1", "550 no such user"));

        Assert.Equal(SmtpStatusCode.MailboxUnavailable, refused.StatusCode);
        Assert.Contains("is not a return path of this server", refused.Message, StringComparison.Ordinal);
        Assert.Equal("sent", (await StatusAsync(id, "sent"))["status"]!.GetValue<string>());
        Assert.Empty(await TimelineAsync(contact, "Email Bounced"));
    }
}

/// <summary>The host with smtp-sink as its relay and the report listener on a free port.</summary>
public abstract class DeliveryReportServer(StoreKind kind) : ServerFixture(kind), IDisposable
{
    private SmtpSink? _sink;

    public int InboundPort { get; } = SmtpSink.FreePort();

    protected override async Task<string[]> SettingsAsync()
    {
        _sink ??= await SmtpSink.StartAsync();
        return
        [
            "--Rapport:Smtp:Host=127.0.0.1", $"--Rapport:Smtp:Port={_sink.Port}", "--Rapport:Smtp:StartTls=none",
            "--Rapport:Smtp:BounceDomain=bounces.shop.example", "--Rapport:Inbound:Host=127.0.0.1", $"--Rapport:Inbound:Port={InboundPort}",
        ];
    }

    /// <summary>The return path message <paramref name="id"/> went from, as the sink received it (X-Mail-Args).</summary>
    public async Task<string> ReturnPathAsync(long id)
    {
        var mark = $"<m{id}@";
        var file = await Eventually.UntilAsync(async () => (await _sink!.ReceivedAsync(1)).FirstOrDefault(f => File.ReadAllText(f).Contains(mark, StringComparison.Ordinal)),
            f => f is not null, $"message {id} at the sink");
        var args = File.ReadLines(file!).First(l => l.StartsWith("X-Mail-Args:", StringComparison.Ordinal));
        return args["X-Mail-Args:".Length..].Trim().Split(' ')[0].Trim('<', '>');
    }

    public void Dispose() => _sink?.Dispose();
}

public sealed class SqliteDeliveryReportServer() : DeliveryReportServer(StoreKind.Sqlite);

public sealed class PostgresDeliveryReportServer() : DeliveryReportServer(StoreKind.Postgres);

public sealed class DeliveryReportsOnSqlite(SqliteDeliveryReportServer server) : DeliveryReportTests(server), IClassFixture<SqliteDeliveryReportServer>;

public sealed class DeliveryReportsOnPostgres(PostgresDeliveryReportServer server) : DeliveryReportTests(server), IClassFixture<PostgresDeliveryReportServer>;
