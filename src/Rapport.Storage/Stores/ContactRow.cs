using System.Text.Json.Nodes;
using Rapport.Core.Contacts;

namespace Rapport.Storage.Stores;

/// <summary>A contact as its table holds it; also the parameters of its insert and update.</summary>
internal sealed class ContactRow
{
    public long Id { get; init; }
    public int WorkspaceId { get; init; }
    public string? ExternalId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? AddressName { get; init; }
    public string? AddressLines { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
    public string? Locale { get; init; }
    public string? TimeZone { get; init; }
    public string Traits { get; init; } = "{}";
    public long TraitsAt { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long LinkNonce { get; init; }

    public static ContactRow From(int workspaceId, Contact c) => new()
    {
        Id = c.Id,
        WorkspaceId = workspaceId,
        ExternalId = c.ExternalId,
        Email = c.Email,
        Phone = c.Phone,
        AddressName = c.Address?.Name,
        AddressLines = c.Address is { Lines.Count: > 0 } a ? string.Join('\n', a.Lines) : null,
        Postcode = c.Address?.Postcode,
        City = c.Address?.City,
        Region = c.Address?.Region,
        Country = c.Address?.Country,
        Locale = c.Locale,
        TimeZone = c.TimeZone,
        Traits = c.Traits.ToJsonString(),
        TraitsAt = UnixMs.Of(c.TraitsAt),
        CreatedAt = UnixMs.Of(c.CreatedAt),
        UpdatedAt = UnixMs.Of(c.UpdatedAt),
        LinkNonce = c.LinkNonce,
    };

    /// <summary>Whether every field is the same but the traits, traits_at and updated_at.</summary>
    public bool SameProfileAs(ContactRow other) =>
        (ExternalId, Email, Phone, AddressName, AddressLines, Postcode, City, Region, Country, Locale, TimeZone, CreatedAt) ==
        (other.ExternalId, other.Email, other.Phone, other.AddressName, other.AddressLines, other.Postcode, other.City, other.Region,
            other.Country, other.Locale, other.TimeZone, other.CreatedAt);

    public Contact ToContact()
    {
        var lines = AddressLines?.Split('\n') ?? [];
        var address = new PostalAddress(AddressName, lines, Postcode, City, Region, Country);
        return new Contact(
            Id, ExternalId, Email, Phone, address.IsEmpty ? null : address, Locale, TimeZone,
            JsonNode.Parse(Traits)?.AsObject() ?? [], UnixMs.ToTime(TraitsAt), UnixMs.ToTime(CreatedAt), UnixMs.ToTime(UpdatedAt))
        {
            LinkNonce = LinkNonce,
        };
    }
}
