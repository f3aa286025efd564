using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Rapport.Storage;

/// <summary>
/// One SQLite statement prepared once on the connection's own handle and run once per row with new
/// values bound by position: the fast path for bulk writes (import, ingest). It skips what a command
/// does on every run (finding each parameter by name, re-reading the statement), which cost more than
/// SQLite's own work on the row. A value equal to the one the previous row bound at the same place is not
/// bound again: SQLite keeps bindings from one run to the next (reset does not clear them), and bulk rows repeat many values (the
/// workspace, the time of the batch, empty address fields). Text is bound as UTF-8, as every command
/// binds it, so a value is stored exactly as given (SQLite reads UTF-16 with a leading byte order mark
/// U+FEFF as a mark, not as text, and would drop it). It runs inside whatever transaction the connection is in.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;
    private readonly object?[] _bound; // what each parameter holds now: NULL until first bound, as in SQLite
    private static readonly object Unknown = new(); // equal to no value: the next row binds again
    private byte[] _utf8 = new byte[256]; // text is encoded here, then copied by SQLite as it binds

    /// <param name="names">Parameter names (without "@") in the order values are given.</param>
    public SqliteRowStatement(SqliteConnection connection, string sql, IReadOnlyList<string> names)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement, out var rest), _db);
        if (!string.IsNullOrWhiteSpace(System.Text.RegularExpressions.Regex.Replace(rest ?? "", "--[^\n]*", "")))
        {
            _statement.Dispose();
            throw new ArgumentException("A row statement is one SQL statement; this one has more after it: " + rest, nameof(sql));
        }

        _positions = names.Select(n => raw.sqlite3_bind_parameter_index(_statement, "@" + n)).ToArray();
        _bound = new object?[_positions.Length];
    }

    /// <returns>Rows changed (0 when an ON CONFLICT clause skipped the row).</returns>
    public int Execute(ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (_positions[i] > 0 && !Equals(_bound[i], values[i]))
            {
                _bound[i] = Unknown; // a failed bind leaves the parameter NULL, not what was bound before
                Check(Bind(_positions[i], values[i]));
                _bound[i] = values[i];
            }
        }

        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private int Bind(int position, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(_statement, position),
        string s => BindText(position, s),
        long l => raw.sqlite3_bind_int64(_statement, position, l),
        int i => raw.sqlite3_bind_int64(_statement, position, i),
        bool b => raw.sqlite3_bind_int64(_statement, position, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(_statement, position, d),
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be bound to a SQLite parameter.", nameof(value)),
    };

    private int BindText(int position, string text)
    {
        if (text.Length == 0)
        {
            return raw.sqlite3_bind_text(_statement, position, ""); // an empty span would bind NULL
        }

        if (Encoding.UTF8.GetMaxByteCount(text.Length) > _utf8.Length)
        {
            _utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        }

        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(_statement, position, _utf8.AsSpan(0, length)); // SQLITE_TRANSIENT: SQLite copies it
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
}
