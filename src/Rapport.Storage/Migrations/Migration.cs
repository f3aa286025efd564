using System.Globalization;

namespace Rapport.Storage.Migrations;

/// <summary>One numbered migration file, "0001_foundation.sql".</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public static Migration From(string fileName, string sql)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var underscore = stem.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(stem[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_name.sql.");
        }

        return new Migration(version, stem[(underscore + 1)..], sql);
    }
}
