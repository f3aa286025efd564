namespace Rapport.Core.Consent;

/// <summary>What a ledger record does to a subscription.</summary>
public enum ConsentAction
{
    /// <summary>The person agrees (pending until confirmed when double opt-in applies).</summary>
    Grant,

    /// <summary>The person confirms a pending grant (double opt-in).</summary>
    Confirm,

    /// <summary>The person leaves.</summary>
    Withdraw,

    /// <summary>The person changes how often or in which format they hear from us.</summary>
    Prefer,
}
