using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Rapport.Storage;

/// <summary>
/// Many rows as one parameter: a JSON array of objects whose keys are the column names. SQLite reads it
/// with json_each, PostgreSQL with jsonb_to_recordset; one statement writes a whole batch.
/// </summary>
internal static class JsonRows
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Of<T>(IEnumerable<T> rows) => JsonSerializer.Serialize(rows, Options);

    /// <summary>Runs a "-many" query (its parameter is @Rows) with the rows, if there are any.</summary>
    public static Task WriteAsync<T>(Database db, DbConnection c, DbTransaction tx, string query, IEnumerable<T> rows)
    {
        var list = rows.ToList();
        return list.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(db.Queries[query], new { Rows = Of(list) }, tx);
    }
}
