using Rapport.Core.Messages;

namespace Rapport.Delivery.Email.Reports;

/// <summary>
/// A mail taken in for one of our return paths: <paramref name="MessageId"/> is the id the return path names (its
/// signature checked); <paramref name="Report"/> its delivery status notification, or null for any other mail.
/// </summary>
public sealed record InboundMail(string MessageId, string ReturnPath, DeliveryReport? Report, string? From, string? Subject);
