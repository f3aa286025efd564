using System.Data.Common;

namespace Rapport.Storage;

/// <summary>
/// One SQL statement prepared once and run many times in a transaction with new values: the fast path
/// for bulk writes (import, ingest), where building a command per row would cost more than the row.
/// Values are given in the order of the parameter names.
/// </summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand _command;

    private PreparedCommand(DbCommand command) => _command = command;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The SQL comes from the embedded query files; values are parameters.")]
    public static async Task<PreparedCommand> CreateAsync(DbConnection connection, DbTransaction tx, string sql, IReadOnlyList<string> names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            await command.PrepareAsync(); // Npgsql prepares from the first values' types instead
        }

        return new PreparedCommand(command);
    }

    public Task<int> ExecuteAsync(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private void Bind(ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
