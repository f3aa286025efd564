using Rapport.Core.Messages;
using Rapport.Delivery.Email;
using Rapport.Delivery.Email.Smtp;
using Rapport.Testing;
using static Rapport.Delivery.Tests.Email.Mails;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>The SMTP channel against real peers: Postfix's smtp-sink, read back by Python's email package and python3-dkim.</summary>
public sealed class SmtpChannelTests : IDisposable
{
    private static readonly byte[] ReturnPathKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly ReturnPaths Bounces = new(ReturnPathKey, "bounces.shop.example");

    private readonly TestKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    private static SmtpChannel Channel(int port, MailComposer composer, int connections = 2) =>
        new(new SmtpSettings("127.0.0.1", port, null, null, SmtpSecurity.None, connections, 0, "shop.example"), composer,
            _ => Task.FromResult(Bounces), TimeProvider.System);

    [Fact]
    public async Task Messages_arrive_whole_signed_with_DKIM_and_each_from_its_own_return_path()
    {
        using var sink = await SmtpSink.StartAsync();
        using var channel = Channel(sink.Port, new MailComposer("shop.example", _keys.Signing()));
        var unsubscribe = "<https://news.shop.example/u/" + new string('t', 120) + ">, <mailto:unsubscribe@shop.example?subject=m1>";
        var text = "Zażółć gęślą jaźń.\n.a line that starts with a dot\n.\nFrom the start of a line\nسلام دنیا  ";
        var mails = new[]
        {
            Message("Zażółć gęślą jaźń – nowa kolekcja", text, "<p dir=\"rtl\">خوش آمدید</p>", "متجر رابور",
                ("List-Unsubscribe", unsubscribe), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Feedback-ID", "spring:journey:1:rapport")) with { MessageId = "m1" },
            Message("Plain text only", "Hello.") with { MessageId = "m2", To = "jan@example.com" },
            Message("Third", "x") with { MessageId = "m3", To = "ola@example.org" },
        };

        var results = await Task.WhenAll(mails.Select(m => channel.SendAsync(m, Now, CancellationToken.None)));

        Assert.All(results, r => Assert.Contains("Ok", Assert.IsType<DeliveryResult.Sent>(r).Receipt, StringComparison.Ordinal));
        var files = await sink.ReceivedAsync(3);
        var parsed = await PythonMime.ParseAllAsync(files, "List-Unsubscribe", "List-Unsubscribe-Post", "Feedback-ID", "X-Mail-Args", "X-Rcpt-Args");
        var byId = parsed.ToDictionary(m => m.MessageId);
        Assert.All(parsed, m => Assert.Empty(m.Defects));
        var first = byId["<m1@shop.example>"];
        Assert.Equal(("Zażółć gęślą jaźń – nowa kolekcja", "متجر رابور", "news@shop.example"), (first.Subject, first.FromName, first.FromAddress));
        Assert.Equal("multipart/alternative", first.ContentType);
        Assert.Equal([("text/plain", "utf-8"), ("text/html", "utf-8")], first.Parts.Select(p => (p.ContentType, p.Charset)));
        Assert.Equal(text, first.Text(0));
        Assert.Equal("<p dir=\"rtl\">خوش آمدید</p>", first.Text(1));
        Assert.Equal(unsubscribe, first.Headers["List-Unsubscribe"]?.TrimStart());
        Assert.Equal("List-Unsubscribe=One-Click", first.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("spring:journey:1:rapport", first.Headers["Feedback-ID"]);
        // smtp-sink writes an empty line after each message: the one part of a text-only message ends with it.
        Assert.Equal(("text/plain", "Hello.\n"), (byId["<m2@shop.example>"].ContentType, byId["<m2@shop.example>"].Text(0)));
        foreach (var (id, to) in new[] { ("m1", "anna@example.pl"), ("m2", "jan@example.com"), ("m3", "ola@example.org") })
        {
            var envelope = byId[$"<{id}@shop.example>"];
            var rcptArgs = envelope.Headers["X-Rcpt-Args"]!.Split(' ');
            Assert.Equal($"<{to}>", rcptArgs[0]);
            Assert.Contains("NOTIFY=SUCCESS,FAILURE,DELAY", rcptArgs); // a delivery report asked for
            var mailArgs = envelope.Headers["X-Mail-Args"]!.Split(' ');
            Assert.Contains($"ENVID={id}", mailArgs);
            Assert.Contains("RET=HDRS", mailArgs);
            var returnPath = mailArgs[0].Trim('<', '>');
            Assert.Equal(Bounces.For(id, "news@shop.example"), returnPath);
            Assert.Equal(id, Bounces.MessageIdOf(returnPath));
        }

        var checks = await PythonDkim.VerifyAsync(_keys.PublicKeyRecord, files);
        Assert.All(checks, c => Assert.True(c.Verified, "python3-dkim refused the signature"));
        Assert.All(checks, c => Assert.Equal(("rsa-sha256", "relaxed/relaxed", "shop.example", "rapport"), (c.Tags["a"], c.Tags["c"], c.Tags["d"], c.Tags["s"])));
        var signed = checks[parsed.ToList().FindIndex(m => m.MessageId == "<m1@shop.example>")].Tags["h"].Split(':').Select(h => h.Trim().ToLowerInvariant());
        Assert.Equal(["from", "to", "subject", "date", "message-id", "mime-version", "content-type", "list-unsubscribe", "list-unsubscribe-post"], signed);
    }

    [Fact]
    public async Task A_recipient_the_relay_refuses_fails_with_its_answer_and_the_others_go_on_over_the_same_connection()
    {
        using var relay = new RefusingRelay("gone@example.pl");
        using var channel = Channel(relay.Port, new MailComposer("shop.example"), connections: 1);

        var results = new List<DeliveryResult>();
        foreach (var (to, id) in new[] { ("anna@example.pl", "m1"), ("gone@example.pl", "m2"), ("jan@example.com", "m3") })
        {
            results.Add(await channel.SendAsync(Message() with { To = to, MessageId = id }, Now, CancellationToken.None));
        }

        Assert.IsType<DeliveryResult.Sent>(results[0]);
        Assert.StartsWith("550 ", Assert.IsType<DeliveryResult.Failed>(results[1]).Reason, StringComparison.Ordinal);
        Assert.IsType<DeliveryResult.Sent>(results[2]);
        Assert.Equal(["anna@example.pl", "jan@example.com"], relay.Accepted);
        Assert.Equal(1, relay.Sessions);
    }

    [Fact]
    public async Task A_relay_that_is_down_means_retry_after_a_growing_back_off_never_failure()
    {
        using var channel = Channel(SmtpSink.FreePort(), new MailComposer("shop.example"));

        var first = await channel.SendAsync(Message(), Now, CancellationToken.None);
        var second = await channel.SendAsync(Message(), Now, CancellationToken.None);

        Assert.Equal(SmtpChannel.FirstBackOff, Assert.IsType<DeliveryResult.Retry>(first).After);
        Assert.Equal(SmtpChannel.FirstBackOff * 2, Assert.IsType<DeliveryResult.Retry>(second).After);
        Assert.Contains("cannot be used", ((DeliveryResult.Retry)first).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_the_relay_dropped_is_opened_again_for_the_next_message()
    {
        using var sink = await SmtpSink.StartAsync();
        var port = sink.Port;
        using var channel = Channel(port, new MailComposer("shop.example"), connections: 1);
        Assert.IsType<DeliveryResult.Sent>(await channel.SendAsync(Message() with { MessageId = "m1" }, Now, CancellationToken.None));

        sink.Dispose(); // the pooled connection is now dead
        using var restarted = await SmtpSink.StartAsync(port);
        var result = await channel.SendAsync(Message() with { MessageId = "m2" }, Now, CancellationToken.None);

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal("<m2@shop.example>", (await PythonMime.ParseAsync(Assert.Single(await restarted.ReceivedAsync(1)))).MessageId);
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_fails_for_good_without_reaching_the_relay()
    {
        using var channel = Channel(SmtpSink.FreePort(), new MailComposer("shop.example"));

        var injected = await channel.SendAsync(Message() with { Subject = "Hi\r\nBcc: victim@example.com" }, Now, CancellationToken.None);
        var noAddress = await channel.SendAsync(Message() with { To = "not an address" }, Now, CancellationToken.None);

        Assert.Contains("Subject", Assert.IsType<DeliveryResult.Failed>(injected).Reason, StringComparison.Ordinal);
        Assert.IsType<DeliveryResult.Failed>(noAddress);
    }
}
