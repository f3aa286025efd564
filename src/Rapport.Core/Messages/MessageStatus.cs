namespace Rapport.Core.Messages;

/// <summary>
/// Where a message stands: <see cref="Sending"/> is let go by the gate, its channel not answered yet (it counts toward the
/// caps); <see cref="Held"/> waits while its journey is paused, and goes when it is resumed.
/// </summary>
public enum MessageStatus
{
    Queued,
    Deferred,
    Suppressed,
    Sent,
    Delivered,
    Bounced,
    Failed,
    Sending,
    Held,
}
