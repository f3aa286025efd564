using System.Globalization;
using System.Text;
using Npgsql;

namespace Rapport.Storage;

/// <summary>
/// Rows through PostgreSQL's COPY ... FROM STDIN (FORMAT csv): the fastest way in. The COPY statement's
/// column list names the row properties to send (snake_case), in its order. COPY has no ON CONFLICT: a
/// row that breaks a unique key fails the transaction, which <see cref="Database.WriteAsync{T}(Func{System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task{T}}, CancellationToken)"/> runs again.
/// </summary>
internal static class PostgresCopy
{
    public static async Task<int> WriteAsync<T>(NpgsqlConnection connection, string copy, RowShape shape, IReadOnlyList<T> rows)
    {
        var columns = ColumnsOf(copy).Select(column => shape.Getters[Array.IndexOf(shape.ColumnNames, column)]).ToArray();
        await using (var writer = await connection.BeginTextImportAsync(copy))
        {
            var line = new StringBuilder();
            foreach (var row in rows)
            {
                line.Clear();
                for (var i = 0; i < columns.Length; i++)
                {
                    if (i > 0)
                    {
                        line.Append(',');
                    }

                    Append(line, columns[i](row!));
                }

                await writer.WriteLineAsync(line);
            }
        }

        return rows.Count;
    }

    private static string[] ColumnsOf(string copy)
    {
        var open = copy.IndexOf('(', StringComparison.Ordinal);
        var close = copy.IndexOf(')', open);
        return copy[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
    }

    /// <summary>CSV: nothing for NULL, numbers as they are, text quoted with inner quotes doubled.</summary>
    private static void Append(StringBuilder line, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                break;
            case IFormattable number:
                line.Append(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"COPY cannot write a {value.GetType().Name}.");
        }
    }
}
