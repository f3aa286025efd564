namespace Rapport.Core.Messages;

/// <summary>Why a message is sent, as stored on it; the gate treats them differently.</summary>
public static class MessagePurposes
{
    /// <summary>Marketing a journey requested under a topic: it goes only to people subscribed to that topic on that channel.</summary>
    public const string Journey = "journey";

    /// <summary>A message the person needs whatever their marketing choices (a receipt, a reminder of a booked service).</summary>
    public const string Transactional = "transactional";
}
