using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Rapport.Storage;

namespace Rapport.Bench;

/// <summary>
/// The baseline: the same rows written straight into the tables by the fastest plain means of each
/// database (SQLite: one prepared INSERT in one transaction; PostgreSQL: binary COPY), with no checks,
/// no identity resolution and no HTTP.
/// </summary>
public static class RawInsert
{
    public static async Task ContactsAsync(Database db, int workspaceId, IReadOnlyList<(long Id, string ExternalId, string Email)> contacts)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync(
                "COPY contact (id, workspace_id, external_id, email, traits, traits_at, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
            foreach (var (id, externalId, email) in contacts)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(workspaceId, NpgsqlDbType.Integer);
                await copy.WriteAsync(externalId, NpgsqlDbType.Text);
                await copy.WriteAsync(email, NpgsqlDbType.Text);
                await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
            return;
        }

        await PreparedInsertAsync(connection,
            "INSERT INTO contact (id, workspace_id, external_id, email, traits, traits_at, created_at, updated_at) VALUES (@p0, @p1, @p2, @p3, '{}', 0, 0, 0)",
            contacts.Select(c => new object[] { c.Id, workspaceId, c.ExternalId, c.Email }));
    }

    public static async Task EventsAsync(Database db, int workspaceId, IReadOnlyList<(BenchMessage Message, long ContactId)> events)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync(
                "COPY event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source) FROM STDIN (FORMAT BINARY)");
            foreach (var (m, contactId) in events)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(workspaceId, NpgsqlDbType.Integer);
                await copy.WriteAsync(m.MessageId, NpgsqlDbType.Text);
                await copy.WriteAsync(contactId, NpgsqlDbType.Bigint);
                await copy.WriteAsync(m.Type, NpgsqlDbType.Text);
                await copy.WriteAsync(m.Name, NpgsqlDbType.Text);
                await copy.WriteAsync(m.PayloadJson, NpgsqlDbType.Jsonb);
                await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(m.Timestamp.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                await copy.WriteAsync(m.Timestamp.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                await copy.WriteAsync("bench", NpgsqlDbType.Text);
            }

            await copy.CompleteAsync();
            return;
        }

        await PreparedInsertAsync(connection,
            "INSERT INTO event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, '{}', @p6, @p6, 'bench')",
            events.Select(e => new object[]
            {
                workspaceId, e.Message.MessageId, e.ContactId, e.Message.Type, (object?)e.Message.Name ?? DBNull.Value, e.Message.PayloadJson,
                e.Message.Timestamp.ToUnixTimeMilliseconds(),
            }));
    }

    /// <summary>Journey steps as the runner records them (the same rows, read back from Rapport's store).</summary>
    public static Task JourneyStepsAsync(Database db, IEnumerable<JourneyStepRow> steps) =>
        RowsAsync(db, "journey_step", JourneyStepRow.Columns, steps.Select(s => s.Values));

    /// <summary>
    /// Rows into <paramref name="table"/>: PostgreSQL by binary COPY (<paramref name="columns"/> give its types), SQLite by
    /// one prepared INSERT in one transaction. A null value is written as NULL.
    /// </summary>
    public static async Task RowsAsync(Database db, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns, IEnumerable<object?[]> rows)
    {
        var names = string.Join(", ", columns.Select(c => c.Name));
        await using var connection = await db.OpenAsync(CancellationToken.None);
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is { } value)
                    {
                        await copy.WriteAsync(value, columns[i].Type);
                    }
                    else
                    {
                        await copy.WriteNullAsync();
                    }
                }
            }

            await copy.CompleteAsync();
            return;
        }

        var parameters = string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await PreparedInsertAsync(connection, $"INSERT INTO {table} ({names}) VALUES ({parameters})",
            rows.Select(row => row.Select(v => v ?? DBNull.Value).ToArray()));
    }

    /// <summary>Rows through one prepared INSERT in one transaction: the fastest plain way into SQLite.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Fixed SQL of the baseline.")]
    public static async Task PreparedInsertAsync(DbConnection connection, string sql, IEnumerable<object[]> rows)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var prepared = false;
        foreach (var row in rows)
        {
            if (!prepared)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    command.Parameters.Add(parameter);
                }

                await command.PrepareAsync();
                prepared = true;
            }

            for (var i = 0; i < row.Length; i++)
            {
                command.Parameters[i].Value = row[i];
            }

            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }
}
