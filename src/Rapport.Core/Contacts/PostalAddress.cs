namespace Rapport.Core.Contacts;

/// <summary>Where letters reach the person. Lines are street lines in the order printed on the envelope.</summary>
public sealed record PostalAddress(
    string? Name,
    IReadOnlyList<string> Lines,
    string? Postcode,
    string? City,
    string? Region,
    string? Country)
{
    public bool IsEmpty =>
        Name is null && Lines.Count == 0 && Postcode is null && City is null && Region is null && Country is null;

    public bool Equals(PostalAddress? other) =>
        other is not null && Name == other.Name && Lines.SequenceEqual(other.Lines) && Postcode == other.Postcode
        && City == other.City && Region == other.Region && Country == other.Country;

    public override int GetHashCode() => HashCode.Combine(Name, Lines.Count, Postcode, City, Region, Country);
}
