namespace Rapport.Core.Messages;

/// <summary>What a channel did with a message: sent, to be tried again later, or failed for good.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult()
    {
    }

    /// <summary>The status the message takes: sent, deferred or failed.</summary>
    public abstract MessageStatus Status { get; }

    /// <summary>Handed over; <paramref name="Receipt"/> is where or how (a file path, a provider's id).</summary>
    public sealed record Sent(string Receipt) : DeliveryResult
    {
        public override MessageStatus Status => MessageStatus.Sent;
    }

    /// <summary>A passing problem (a peer down, a full disk): try again after <paramref name="After"/>.</summary>
    /// <param name="HeldBack">Rapport's own limits kept it back (a recipient domain's, the warm-up's) before it reached the
    /// peer: nothing happened to the message the person would care about, so their timeline is not told.</param>
    public sealed record Retry(TimeSpan After, string Reason, bool HeldBack = false) : DeliveryResult
    {
        public override MessageStatus Status => MessageStatus.Deferred;
    }

    /// <summary>Will never work as it is (an address the peer refuses for good).</summary>
    public sealed record Failed(string Reason) : DeliveryResult
    {
        public override MessageStatus Status => MessageStatus.Failed;
    }
}
