namespace Rapport.Core.Messages;

public enum MessageStatus
{
    Queued,
    Deferred,
    Suppressed,
    Sent,
    Delivered,
    Bounced,
    Failed,
}
