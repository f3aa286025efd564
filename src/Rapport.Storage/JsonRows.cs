using System.Text.Json;

namespace Rapport.Storage;

/// <summary>
/// Many rows as one parameter: a JSON array of objects whose keys are the column names. SQLite reads it
/// with json_each, PostgreSQL with jsonb_to_recordset; one statement writes a whole batch.
/// </summary>
internal static class JsonRows
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Of<T>(IEnumerable<T> rows) => JsonSerializer.Serialize(rows, Options);
}
