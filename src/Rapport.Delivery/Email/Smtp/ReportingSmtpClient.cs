using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// A MailKit client that asks the relay, where it offers DSN (RFC 3461), to report each message's delivery, failure or
/// delay to its return path (NOTIFY=SUCCESS,FAILURE,DELAY), with the headers only (RET=HDRS) and Rapport's message id as
/// the envelope id (ENVID). A relay without DSN sends as before and reports failures only.
/// </summary>
public sealed class ReportingSmtpClient : SmtpClient
{
    public ReportingSmtpClient() => DeliveryStatusNotificationType = DeliveryStatusNotificationType.HeadersOnly;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) =>
        DeliveryStatusNotification.Success | DeliveryStatusNotification.Failure | DeliveryStatusNotification.Delay;

    /// <summary>The local part of the Message-ID: the id the message's return path names.</summary>
    protected override string? GetEnvelopeId(MimeMessage message) =>
        message.MessageId is { } id && id.IndexOf('@') is var at and > 0 ? id[..at] : null;
}
