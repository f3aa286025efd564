namespace Rapport.Storage;

/// <summary>Configuration section Rapport:Database.</summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqlite = "Data Source=./data/rapport.db";

    /// <summary>"sqlite" (the embedded default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    public string? ConnectionString { get; set; }

    public Dialect Dialect => Provider.ToUpperInvariant() switch
    {
        "SQLITE" => Dialect.Sqlite,
        "POSTGRES" or "POSTGRESQL" => Dialect.Postgres,
        _ => throw new ConfigurationError(
            $"Rapport:Database:Provider is '{Provider}': use 'sqlite' or 'postgres'."),
    };
}
