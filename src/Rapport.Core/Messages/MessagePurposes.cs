using Rapport.Core.Policy;

namespace Rapport.Core.Messages;

/// <summary>Why a message is sent, as stored on it; the gate treats them differently.</summary>
public static class MessagePurposes
{
    /// <summary>Marketing a journey requested under a topic: it goes only to people subscribed to that topic on that channel.</summary>
    public const string Journey = "journey";

    /// <summary>Marketing sent to a whole segment at once under a topic: the last to go when caps are tight.</summary>
    public const string Broadcast = "broadcast";

    /// <summary>Marketing queued for one person through the API under a topic: to the gate, like a journey's.</summary>
    public const string Api = "api";

    /// <summary>A message the person needs whatever their marketing choices (a receipt, a reminder of a booked service).</summary>
    public const string Transactional = "transactional";

    /// <summary>The mail that asks a person who signed up to confirm it (double opt-in): transactional, it answers their own request.</summary>
    public const string Confirmation = "confirmation";

    /// <summary>
    /// What a message of <paramref name="purpose"/> is to the gate: transactional and confirmations are transactional,
    /// journeys and the API's marketing are journeys; anything else is marketing of the lowest priority (a purpose this version does not know is
    /// never let past a person's consent).
    /// </summary>
    public static MessageKind KindOf(string purpose) => purpose switch
    {
        Transactional or Confirmation => MessageKind.Transactional,
        Journey or Api => MessageKind.Journey,
        _ => MessageKind.Broadcast,
    };
}
