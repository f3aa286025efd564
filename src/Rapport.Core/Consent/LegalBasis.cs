namespace Rapport.Core.Consent;

/// <summary>Why the workspace may write to the person (GDPR art. 6).</summary>
public enum LegalBasis
{
    Consent,
    LegitimateInterest,
    Contract,
}
