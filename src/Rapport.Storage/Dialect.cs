namespace Rapport.Storage;

/// <summary>The SQL dialects Rapport speaks; each has its own migrations and query files.</summary>
public enum Dialect
{
    Sqlite,
    Postgres,
}
