using System.Collections.Concurrent;
using System.Net;
using MailKit.Net.Smtp;
using MimeKit;
using Rapport.Core.Messages;
using Rapport.Delivery.Email;
using Rapport.Delivery.Email.Reports;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email.Reports;

/// <summary>The listener at the return paths, spoken to by MailKit as a mailbox provider's server would send it reports.</summary>
public sealed class ReportListenerTests
{
    private static readonly ReturnPaths Bounces = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), "bounces.shop.example");

    private static MimeMessage Bounce(string to) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"""
        From: MAILER-DAEMON@mx.example.pl
        To: {to}
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"

        --B
        Content-Type: text/plain

        The mail could not be delivered.
        --B
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.pl

        Final-Recipient: rfc822; gone@example.pl
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 No such user

        --B--
        """.ReplaceLineEndings("\r\n"))));

    [Fact]
    public async Task Mail_for_a_signed_return_path_is_handed_on_with_its_report_and_any_other_address_is_refused_with_550()
    {
        var received = new ConcurrentQueue<InboundMail>();
        var port = SmtpSink.FreePort();
        await using var listener = ReportListener.Start(new IPEndPoint(IPAddress.Loopback, port), "bounces.shop.example", Bounces,
            (mail, _) => { received.Enqueue(mail); return Task.CompletedTask; });
        using var mta = new SmtpClient();
        await mta.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        var ours = Bounces.For("m42", "news@shop.example");
        var forged = ours.Replace("m42-", "m43-", StringComparison.Ordinal);
        var sender = MailboxAddress.Parse("MAILER-DAEMON@mx.example.pl");

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => mta.SendAsync(Bounce(forged), sender, [MailboxAddress.Parse(forged)]));
        await mta.SendAsync(Bounce(ours), sender, [MailboxAddress.Parse(ours)]);

        Assert.Equal(SmtpStatusCode.MailboxUnavailable, refused.StatusCode);
        Assert.Contains("is not a return path of this server", refused.Message, StringComparison.Ordinal);
        var mail = Assert.Single(received);
        Assert.Equal(("m42", ours, "Undelivered Mail Returned to Sender"), (mail.MessageId, mail.ReturnPath, mail.Subject));
        Assert.Equal(new RecipientReport("gone@example.pl", DeliveryAction.Failed, "5.1.1", "550 5.1.1 No such user"), mail.Report?.Verdict);
    }

    [Fact]
    public async Task A_report_that_cannot_be_recorded_is_refused_for_now_and_the_listener_takes_the_next()
    {
        var received = new ConcurrentQueue<InboundMail>();
        var failing = true;
        var port = SmtpSink.FreePort();
        await using var listener = ReportListener.Start(new IPEndPoint(IPAddress.Loopback, port), "bounces.shop.example", Bounces, (mail, _) =>
        {
            if (failing)
            {
                throw new InvalidOperationException("the database is away");
            }

            received.Enqueue(mail);
            return Task.CompletedTask;
        });
        var ours = Bounces.For("m42", "news@shop.example");
        var sender = MailboxAddress.Parse("MAILER-DAEMON@mx.example.pl");

        using (var mta = new SmtpClient())
        {
            await mta.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
            var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => mta.SendAsync(Bounce(ours), sender, [MailboxAddress.Parse(ours)]));
            Assert.Equal(SmtpStatusCode.ServiceNotAvailable, refused.StatusCode); // 421: the sending server keeps it and tries again
        }

        failing = false;
        using (var again = new SmtpClient())
        {
            await again.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
            await again.SendAsync(Bounce(ours), sender, [MailboxAddress.Parse(ours)]);
        }

        Assert.Equal("m42", Assert.Single(received).MessageId);
    }
}
