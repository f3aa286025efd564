using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Rapport.Storage;

/// <summary>
/// Writes many rows with a "-many" query, the fastest way each database has. PostgreSQL takes the whole
/// batch in one round trip: as CSV through COPY when the query is a COPY, else as one JSON parameter
/// (@Rows, read with jsonb_to_recordset). SQLite, in-process,
/// runs its single-row version once per row as one prepared statement (<see cref="SqliteRowStatement"/>),
/// binding each property of the row to the parameter of the same name: no JSON to write and parse again.
/// </summary>
internal static class BulkRows
{
    private const int JsonChunk = 10_000;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <returns>The number of rows written (rows an ON CONFLICT clause skipped are not counted).</returns>
    public static async Task<int> WriteAsync<T>(Database db, DbConnection c, DbTransaction tx, string query, IEnumerable<T> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return 0;
        }

        var shape = RowShape.Of(typeof(T));
        if (db.Dialect == Dialect.Postgres)
        {
            var sql = db.Queries[query];
            if (sql.StartsWith("COPY ", StringComparison.Ordinal))
            {
                return await PostgresCopy.WriteAsync((Npgsql.NpgsqlConnection)c, sql, shape, list);
            }

            var count = 0;
            foreach (var chunk in list.Chunk(JsonChunk)) // a full refresh of millions stays far from PostgreSQL's 1 GB per value
            {
                count += await c.ExecuteAsync(sql, new { Rows = JsonSerializer.Serialize(chunk, Json) }, tx);
            }

            return count;
        }

        using var statement = new SqliteRowStatement((Microsoft.Data.Sqlite.SqliteConnection)c, db.Queries[query], shape.Names);
        var values = new object?[shape.Getters.Length];
        var written = 0;
        foreach (var row in list)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = shape.Getters[i](row!);
            }

            written += statement.Execute(values);
        }

        return written;
    }

    /// <summary>
    /// Runs a guarded "-many" update of <paramref name="rows"/> and answers the ids of those it changed (a row whose guard
    /// no longer holds changes nothing). PostgreSQL runs it once on the JSON array (@Rows) and returns the ids; SQLite runs
    /// its single-row version once per row, prepared once, and counts the rows each changed.
    /// </summary>
    public static async Task<IReadOnlySet<long>> MatchingAsync<T>(Database db, DbConnection c, DbTransaction tx, string query, IReadOnlyList<T> rows,
        Func<T, long> id)
    {
        if (rows.Count == 0)
        {
            return new HashSet<long>();
        }

        if (db.Dialect == Dialect.Postgres)
        {
            var matched = new HashSet<long>();
            foreach (var chunk in rows.Chunk(JsonChunk))
            {
                matched.UnionWith(await c.QueryAsync<long>(db.Queries[query], new { Rows = JsonSerializer.Serialize(chunk, Json) }, tx));
            }

            return matched;
        }

        var shape = RowShape.Of(typeof(T));
        using var statement = new SqliteRowStatement((Microsoft.Data.Sqlite.SqliteConnection)c, db.Queries[query], shape.Names);
        var values = new object?[shape.Getters.Length];
        var changed = new HashSet<long>();
        foreach (var row in rows)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = shape.Getters[i](row!);
            }

            if (statement.Execute(values) > 0)
            {
                changed.Add(id(row));
            }
        }

        return changed;
    }
}
