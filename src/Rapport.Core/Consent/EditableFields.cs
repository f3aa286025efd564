using System.Text.RegularExpressions;

namespace Rapport.Core.Consent;

/// <summary>
/// The profile fields a workspace lets people edit on their preference page: "postcode" and "city" are
/// address fields, any other name is a trait (firstName, interests…).
/// </summary>
public static partial class EditableFields
{
    public const string SettingKey = "preference-center.fields";
    public const int Max = 20;
    public static readonly IReadOnlyList<string> Default = ["firstName", "lastName", "postcode"];
    public static readonly IReadOnlyList<string> AddressFields = ["postcode", "city"];

    public static bool IsValid(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
