namespace Rapport.Storage.Segments;

/// <summary>
/// Where a compared value lives in SQL: a text column of the contact, or a path in a JSON column
/// (traits, event properties), with the expressions each dialect needs to ask its type and read it.
/// </summary>
internal sealed record JsonValueSql(Dialect Dialect, string? Column, string? Json, string? PathParameter)
{
    public static JsonValueSql OfColumn(Dialect dialect, string column) => new(dialect, column, null, null);

    public static JsonValueSql OfPath(Dialect dialect, string json, string pathParameter) => new(dialect, null, json, pathParameter);

    private bool Sqlite => Dialect == Dialect.Sqlite;

    private string SqliteType => $"json_type({Json}, {PathParameter})";

    private string PostgresType => $"jsonb_typeof({Json} #> {PathParameter})";

    public string IsString => Column is not null ? $"{Column} IS NOT NULL" : Sqlite ? $"{SqliteType} = 'text'" : $"{PostgresType} = 'string'";

    public string IsNumber => Column is not null ? "FALSE" : Sqlite ? $"{SqliteType} IN ('integer', 'real')" : $"{PostgresType} = 'number'";

    public string IsBoolean(bool value) => Column is not null ? "FALSE"
        : Sqlite ? $"{SqliteType} = '{(value ? "true" : "false")}'"
        : $"({PostgresType} = 'boolean' AND ({Json} #>> {PathParameter}) = '{(value ? "true" : "false")}')";

    public string Exists => Column is not null ? $"{Column} IS NOT NULL"
        : Sqlite ? $"({SqliteType} IS NOT NULL AND {SqliteType} <> 'null')"
        : $"({PostgresType} IS NOT NULL AND {PostgresType} <> 'null')";

    /// <summary>The value as text (meaningful where <see cref="IsString"/>); PostgreSQL orders it by bytes (collation C), as SQLite does.</summary>
    public string Text => Column is not null ? (Sqlite ? Column : $"({Column} COLLATE \"C\")")
        : Sqlite ? $"json_extract({Json}, {PathParameter})"
        : $"(({Json} #>> {PathParameter}) COLLATE \"C\")";

    public string Number => Column is not null ? "NULL"
        : Sqlite ? $"json_extract({Json}, {PathParameter})"
        : $"(CASE WHEN {PostgresType} = 'number' THEN ({Json} #>> {PathParameter})::double precision END)";
}
