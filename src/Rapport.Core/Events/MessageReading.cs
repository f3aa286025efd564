namespace Rapport.Core.Events;

/// <summary>
/// A message read from a request: accepted, or rejected with the reason, its kind, and the path of the field
/// it concerns when there is one (such as "properties.note").
/// </summary>
public sealed record MessageReading(TrackingMessage? Message, string? Rejection, string? Field = null, RejectionKind? Kind = null)
{
    public static MessageReading Accepted(TrackingMessage message) => new(message, null);

    public static MessageReading Rejected(RejectionKind kind, string reason, string? field = null) => new(null, reason, field, kind);
}
