using System.Text;
using MimeKit;
using Rapport.Core.Messages;
using Rapport.Delivery.Email.Reports;

namespace Rapport.Delivery.Tests.Email.Reports;

/// <summary>Delivery status notifications as mail servers write them (RFC 3464), read back to what they say of each recipient.</summary>
public sealed class DeliveryReportsTests
{
    private static MimeMessage Mail(string text) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))));

    /// <summary>A report in the shape Postfix writes: a human part, the delivery-status part, the returned headers.</summary>
    private static string Report(string perMessage, params string[] recipients) => $"""
        Return-Path: <>
        From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
        To: bounces+m17-0a1b2c3d4e5f@bounces.shop.example
        Subject: Delivery Status Notification
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="B1"

        --B1
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.com.

        --B1
        Content-Type: message/delivery-status

        {perMessage}

        {string.Join("\n\n", recipients)}

        --B1
        Content-Type: text/rfc822-headers

        Message-ID: <m17@shop.example>
        Subject: Our news

        --B1--
        """;

    private const string PerMessage = """
        Reporting-MTA: dns; mx.example.com
        Original-Envelope-Id: m17
        Arrival-Date: Mon,  7 Dec 2026 16:00:00 +0000 (UTC)
        """;

    [Fact]
    public void A_delivery_names_the_recipient_and_the_envelope_id()
    {
        var report = DeliveryReports.Read(Mail(Report(PerMessage, """
            Final-Recipient: rfc822; anna@example.pl
            Original-Recipient: rfc822;anna@example.pl
            Action: delivered
            Status: 2.0.0
            Remote-MTA: dns; mail.example.pl
            Diagnostic-Code: smtp; 250 2.0.0 Ok: queued as 4Q1x
            """)));

        Assert.NotNull(report);
        Assert.Equal("m17", report.EnvelopeId);
        Assert.Equal(new RecipientReport("anna@example.pl", DeliveryAction.Delivered, "2.0.0", "250 2.0.0 Ok: queued as 4Q1x"), Assert.Single(report.Recipients));
        Assert.Equal(DeliveryAction.Delivered, report.Verdict?.Action);
    }

    [Fact]
    public void A_bounce_keeps_the_status_and_the_servers_words_across_folded_lines()
    {
        var report = DeliveryReports.Read(Mail(Report(PerMessage, """
            Final-Recipient: rfc822; gone@example.pl
            Action: failed (permanent)
            Status: 5.1.1 (bad destination mailbox address)
            Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
             not exist. Please try double-checking the recipient's email address
            """)));

        var verdict = report?.Verdict;
        Assert.NotNull(verdict);
        Assert.Equal((DeliveryAction.Failed, "5.1.1", "gone@example.pl"), (verdict.Action, verdict.Status, verdict.Recipient));
        Assert.StartsWith("550-5.1.1 The email account that you tried to reach does", verdict.Diagnostic, StringComparison.Ordinal);
        Assert.EndsWith("not exist. Please try double-checking the recipient's email address", verdict.Diagnostic, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', verdict.Diagnostic!);
    }

    [Fact]
    public void A_report_on_several_recipients_reads_each_and_a_failure_outweighs_a_delivery()
    {
        var report = DeliveryReports.Read(Mail(Report(PerMessage,
            """
            Final-Recipient: rfc822; anna@example.pl
            Action: delivered
            Status: 2.0.0
            """,
            """
            Final-Recipient: rfc822; list@example.pl
            Action: expanded
            Status: 2.0.0
            """,
            """
            Final-Recipient: rfc822; slow@example.com
            Action: delayed
            Status: 4.4.7
            Diagnostic-Code: smtp; 451 4.4.7 try again later
            Will-Retry-Until: Tue,  8 Dec 2026 16:00:00 +0000
            """,
            """
            Final-Recipient: rfc822; full@example.org
            Action: failed
            Status: 5.2.2
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox full
            """)));

        Assert.NotNull(report);
        Assert.Equal(
            [("anna@example.pl", DeliveryAction.Delivered), ("list@example.pl", DeliveryAction.Delivered), ("slow@example.com", DeliveryAction.Delayed),
             ("full@example.org", DeliveryAction.Failed)],
            report.Recipients.Select(r => (r.Recipient, r.Action)));
        Assert.Equal(("full@example.org", "5.2.2", "552 5.2.2 Mailbox full"), (report.Verdict!.Recipient, report.Verdict.Status, report.Verdict.Diagnostic));
    }

    [Fact]
    public void A_delay_alone_settles_nothing()
    {
        var report = DeliveryReports.Read(Mail(Report(PerMessage, """
            Final-Recipient: rfc822; slow@example.com
            Action: delayed
            Status: 4.4.1
            """)));

        Assert.Equal(DeliveryAction.Delayed, Assert.Single(report!.Recipients).Action);
        Assert.Null(report.Verdict);
    }

    [Theory]
    [InlineData("Final-Recipient: rfc822; anna@example.pl\nAction: vanished\nStatus: 2.0.0")] // no such action
    [InlineData("Final-Recipient: rfc822; anna@example.pl\nAction: failed\nStatus: 550")] // not an RFC 3463 code
    [InlineData("Final-Recipient: rfc822; anna@example.pl\nStatus: 5.1.1")] // no action
    [InlineData("Action: failed\nStatus: 5.1.1")] // no recipient
    public void A_malformed_report_says_nothing(string recipient) =>
        Assert.Null(DeliveryReports.Read(Mail(Report(PerMessage, recipient))));

    [Fact]
    public void A_report_with_no_recipient_group_or_of_another_type_is_no_delivery_report()
    {
        Assert.Null(DeliveryReports.Read(Mail(Report(PerMessage))));
        Assert.Null(DeliveryReports.Read(Mail(Report(PerMessage, "Final-Recipient: rfc822; a@example.pl\nAction: failed\nStatus: 5.1.1")
            .Replace("report-type=delivery-status", "report-type=disposition-notification", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_reply_is_no_delivery_report()
    {
        var reply = Mail("""
            From: Anna <anna@example.pl>
            To: bounces+m17-0a1b2c3d4e5f@bounces.shop.example
            Subject: Re: Our news
            Content-Type: text/plain; charset=utf-8

            Thanks! Action: delivered
            Status: 2.0.0
            """);

        Assert.Null(DeliveryReports.Read(reply));
    }
}
