using System.Text;

namespace Rapport.Storage;

/// <summary>
/// The named SQL queries of one dialect, read from the embedded Queries/{dialect}/*.sql files and the
/// Queries/shared/*.sql files both dialects run alike, where each query follows a line "-- name: the-name".
/// Start-up fails if a query the code names is missing or defined twice.
/// </summary>
public sealed class QueryBook
{
    private readonly Dictionary<string, string> _queries;

    private QueryBook(Dictionary<string, string> queries) => _queries = queries;

    public string this[string name] => _queries[name];

    public static QueryBook Load(Dialect dialect)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (resource, text) in Resources.Read($"Queries/{Resources.Folder(dialect)}/").Concat(Resources.Read("Queries/shared/")))
        {
            ParseInto(queries, resource, text);
        }

        var missing = Q.All.Where(name => !queries.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {dialect} query files lack: {string.Join(", ", missing)}.");
        }

        return new QueryBook(queries);
    }

    private static void ParseInto(Dictionary<string, string> queries, string resource, string text)
    {
        string? name = null;
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("-- name:", StringComparison.Ordinal))
            {
                Add(queries, resource, name, body);
                name = line["-- name:".Length..].Trim();
                body.Clear();
            }
            else if (name is not null)
            {
                body.AppendLine(line);
            }
        }

        Add(queries, resource, name, body);
    }

    /// <summary>The comment lines above a query document it; the statement starts after them.</summary>
    private static string WithoutLeadingComments(string body) =>
        string.Join('\n', body.Trim().Split('\n').SkipWhile(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    private static void Add(Dictionary<string, string> queries, string resource, string? name, StringBuilder body)
    {
        if (name is not null && !queries.TryAdd(name, WithoutLeadingComments(body.ToString())))
        {
            throw new InvalidOperationException($"Query '{name}' is defined twice ({resource}).");
        }
    }
}
