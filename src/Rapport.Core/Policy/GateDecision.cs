namespace Rapport.Core.Policy;

/// <summary>What the gate says about one message. A closed set.</summary>
public abstract record GateDecision
{
    private protected GateDecision()
    {
    }

    /// <summary>It may go now.</summary>
    public sealed record Send : GateDecision;

    /// <summary>It may not go now; <see cref="Until"/> is the earliest moment it may, with the rules that hold it back.</summary>
    public sealed record Defer(DateTimeOffset Until, string Reason) : GateDecision;

    /// <summary>It never goes: suppression, no consent, or a deferral its sender chose to skip.</summary>
    public sealed record Suppress(string Reason) : GateDecision;
}
