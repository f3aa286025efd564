using MimeKit;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email.Reports;

/// <summary>
/// Reads a delivery status notification (RFC 3464): a multipart/report of report-type delivery-status whose
/// message/delivery-status part holds one group of fields for the message, then one for each recipient (Final-Recipient,
/// Action, Status, Diagnostic-Code).
/// </summary>
public static class DeliveryReports
{
    /// <summary>The report the mail holds; null for any other mail (a reply, an auto-reply, a bounce in free text) or a report that names no recipient's Action and Status.</summary>
    public static DeliveryReport? Read(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.Body is not MultipartReport report || !string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase)
            || report.OfType<MessageDeliveryStatus>().FirstOrDefault() is not { } status || status.StatusGroups.Count < 2)
        {
            return null;
        }

        var recipients = status.StatusGroups.Skip(1).Select(Recipient).OfType<RecipientReport>().ToList();
        return recipients.Count == 0 ? null : new DeliveryReport(FirstWord(status.StatusGroups[0]["Original-Envelope-Id"]), recipients);
    }

    private static RecipientReport? Recipient(HeaderList fields)
    {
        var action = FirstWord(fields["Action"])?.ToLowerInvariant() switch
        {
            "delivered" or "expanded" => DeliveryAction.Delivered,
            "failed" => DeliveryAction.Failed,
            "delayed" => DeliveryAction.Delayed,
            "relayed" => DeliveryAction.Relayed,
            _ => (DeliveryAction?)null,
        };
        var code = FirstWord(fields["Status"]);
        var recipient = AfterType(fields["Final-Recipient"]) ?? AfterType(fields["Original-Recipient"]);
        return action is { } a && code is not null && IsStatusCode(code) && recipient is not null
            ? new RecipientReport(recipient, a, code, AfterType(fields["Diagnostic-Code"]))
            : null;
    }

    /// <summary>An RFC 3463 status code: class 2, 4 or 5, then subject and detail (5.1.1, 4.4.7).</summary>
    private static bool IsStatusCode(string code) =>
        code.Split('.') is [var c, var subject, var detail] && c is "2" or "4" or "5"
        && subject.Length is > 0 and <= 3 && subject.All(char.IsAsciiDigit) && detail.Length is > 0 and <= 3 && detail.All(char.IsAsciiDigit);

    /// <summary>The value after its type: "rfc822; ann@example.com" → ann@example.com, "smtp; 550 5.1.1 No such user" → its text.</summary>
    private static string? AfterType(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var value = field[(field.IndexOf(';') + 1)..].ReplaceLineEndings(" ").Trim();
        return value.Length == 0 ? null : value;
    }

    private static string? FirstWord(string? field) =>
        field?.Trim().Split([' ', '\t', '\r', '\n', '('], 2)[0] is { Length: > 0 } word ? word : null;
}
