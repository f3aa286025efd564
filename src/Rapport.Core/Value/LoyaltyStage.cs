namespace Rapport.Core.Value;

/// <summary>The ladder of loyalty, lowest rung first: each contact stands on exactly one.</summary>
public enum LoyaltyStage
{
    /// <summary>In the data, nothing more.</summary>
    Suspect,

    /// <summary>Opted in or showed interest.</summary>
    Prospect,

    /// <summary>Bought once.</summary>
    Customer,

    /// <summary>Buys again.</summary>
    Client,

    /// <summary>Engages regularly, reviews.</summary>
    Supporter,

    /// <summary>Refers others.</summary>
    Advocate,
}
