namespace Rapport.Core.Consent;

/// <summary>The ways Rapport reaches a person.</summary>
public enum Channel
{
    Email,
    Sms,
    Post,
    Phone,
}
