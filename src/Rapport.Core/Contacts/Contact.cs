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
    DateTimeOffset UpdatedAt);
