using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Storage;

/// <summary>The connection strings Rapport opens: the ones configured, with what Rapport needs of them.</summary>
internal static class ConnectionStrings
{
    /// <summary>
    /// PostgreSQL sessions without JIT compilation, unless the connection string sets it: Rapport's queries are
    /// many short look-ups whose cost the planner overrates while statistics lag, and compiling them then took
    /// 100–250 ms a statement (a CSV import ran at 7–10k rows/s in half the runs instead of 17k).
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var options = builder.Options ?? "";
        if (!options.Contains("jit", StringComparison.Ordinal))
        {
            builder.Options = (options + " -c jit=off").Trim();
        }

        return builder.ConnectionString;
    }

    /// <summary>Creates the folder of a SQLite file, so "./data/rapport.db" works on a fresh checkout.</summary>
    public static string Sqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (builder.DataSource != ":memory:" && folder is not null)
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationError($"Rapport:Database:ConnectionString: the folder '{folder}' of the SQLite file cannot be made ({e.Message}).");
            }
        }

        return builder.ToString();
    }
}
