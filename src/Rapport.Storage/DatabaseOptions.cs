namespace Rapport.Storage;

/// <summary>Configuration section Rapport:Database.</summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqlite = "Data Source=./data/rapport.db";

    /// <summary>"sqlite" (the embedded default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite only: "full" (the default: a commit, and so a 2xx answer, waits until it is on disk) or "normal"
    /// (faster; an operating-system crash or power loss may take the last commits back, a crash of Rapport never).
    /// </summary>
    public string Durability { get; set; } = "full";

    internal string SqliteSynchronous => Durability.ToUpperInvariant() switch
    {
        "FULL" => "FULL",
        "NORMAL" => "NORMAL",
        _ => throw new ConfigurationError($"Rapport:Database:Durability is '{Durability}': use 'full' or 'normal'."),
    };

    public Dialect Dialect => Provider.ToUpperInvariant() switch
    {
        "SQLITE" => Dialect.Sqlite,
        "POSTGRES" or "POSTGRESQL" => Dialect.Postgres,
        _ => throw new ConfigurationError(
            $"Rapport:Database:Provider is '{Provider}': use 'sqlite' or 'postgres'."),
    };
}
