namespace Rapport.Core.Ports;

/// <summary>The exact keys a contact can be looked up by.</summary>
public enum ContactKey
{
    ExternalId,
    Email,
    Phone,
}
