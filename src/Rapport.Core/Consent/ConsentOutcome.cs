namespace Rapport.Core.Consent;

/// <summary>What recording a consent change did: the subscriptions it changed (none: nothing was written).</summary>
public sealed record ConsentOutcome(IReadOnlyList<Subscription> Changed)
{
    public bool Recorded => Changed.Count > 0;
}
