namespace Rapport.Storage.Stores;

/// <summary>One identifier of a contact, as contact_identity holds it; written in bulk as JSON rows.</summary>
internal sealed class IdentityRow
{
    public int WorkspaceId { get; init; }
    public string Kind { get; init; } = "";
    public string Value { get; init; } = "";
    public long ContactId { get; set; }
    public long CreatedAt { get; init; }
}
