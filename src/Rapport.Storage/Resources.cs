using System.Reflection;
using System.Text;

namespace Rapport.Storage;

/// <summary>The SQL files embedded in this assembly.</summary>
internal static class Resources
{
    private static readonly Assembly Assembly = typeof(Resources).Assembly;

    public static string Folder(Dialect dialect) => dialect.ToString().ToLowerInvariant();

    /// <summary>(resource name, text) of every resource under a folder, in name order.</summary>
    public static IEnumerable<(string Name, string Text)> Read(string folder)
    {
        var prefix = "Rapport.Storage." + folder;
        foreach (var name in Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = Assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            yield return (name[prefix.Length..], reader.ReadToEnd());
        }
    }
}
