namespace Rapport.Core.Events;

/// <summary>A message read from a request: accepted, or rejected with the reason.</summary>
public sealed record MessageReading(TrackingMessage? Message, string? Rejection)
{
    public static MessageReading Accepted(TrackingMessage message) => new(message, null);

    public static MessageReading Rejected(string reason) => new(null, reason);
}
