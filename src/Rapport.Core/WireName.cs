using System.Collections.Frozen;
using System.Text.Json;

namespace Rapport.Core;

/// <summary>
/// The snake_case names closed sets go by on the wire and in the database ("legitimate_interest",
/// "preference_center"), both ways, strictly: an unknown name is not a value.
/// </summary>
public static class WireName
{
    public static string Of<T>(T value) where T : struct, Enum => Names<T>.ByValue[value];

    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        value = default;
        return name is not null && Names<T>.ByName.TryGetValue(name, out value);
    }

    /// <summary>Every name of <typeparamref name="T"/>, for error messages ("one of: a, b, c").</summary>
    public static string List<T>() where T : struct, Enum => string.Join(", ", Names<T>.ByValue.Values);

    public static IReadOnlyCollection<T> All<T>() where T : struct, Enum => Names<T>.ByValue.Keys;

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> ByName =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
