namespace Rapport.Core.Messages;

/// <summary>
/// What a mail server reported of a message after the relay took it: a delivery status notification (RFC 3464),
/// one entry for each recipient it reports on.
/// </summary>
/// <param name="EnvelopeId">The ENVID the message was sent with (Original-Envelope-Id), if the report gives it back.</param>
public sealed record DeliveryReport(string? EnvelopeId, IReadOnlyList<RecipientReport> Recipients)
{
    /// <summary>
    /// The report's word on the message: a failure outweighs a delivery (a message of ours has one recipient, so they
    /// rarely meet); null when it reports only delays and relays, which settle nothing.
    /// </summary>
    public RecipientReport? Verdict =>
        Recipients.FirstOrDefault(r => r.Action == DeliveryAction.Failed) ?? Recipients.FirstOrDefault(r => r.Action == DeliveryAction.Delivered);
}

/// <summary>One recipient's line of a report: its Action, its Status code (5.1.1) and the server's Diagnostic-Code, if any.</summary>
public sealed record RecipientReport(string Recipient, DeliveryAction Action, string Status, string? Diagnostic);

/// <summary>The Action of a report (RFC 3464 §2.3.3); "expanded" (delivered to a list that passed it on) counts as delivered.</summary>
public enum DeliveryAction
{
    Delivered,
    Failed,
    Delayed,
    Relayed,
}
