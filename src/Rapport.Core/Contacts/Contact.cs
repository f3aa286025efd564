using System.Text.Json.Nodes;

namespace Rapport.Core.Contacts;

/// <summary>A person the workspace keeps a dialogue with: the profile every message and event hangs on.</summary>
public sealed record Contact(
    long Id,
    string? ExternalId,
    string? Email,
    string? Phone,
    PostalAddress? Address,
    string? Locale,
    string? TimeZone,
    JsonObject Traits,
    DateTimeOffset TraitsAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// A random number the store gives the contact when it is created and never changes: every signed link to the
    /// person carries it, so a link dies with the person it was made for, even should their id ever be seen again.
    /// </summary>
    public long LinkNonce { get; init; }
}
