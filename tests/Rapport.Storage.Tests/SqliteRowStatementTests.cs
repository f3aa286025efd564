using Dapper;
using Microsoft.Data.Sqlite;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>
/// Bulk rows written through one prepared statement, which skips binding a value equal to the previous
/// row's, read back exactly as given: repeats, NULLs after values and values after NULLs included, and
/// text beginning with U+FEFF (which SQLite would take for a byte order mark in UTF-16).
/// </summary>
public sealed class SqliteRowStatementTests
{
    [Fact]
    public async Task Random_rows_with_repeated_and_missing_values_are_stored_as_given()
    {
        await using var scratch = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        await using var db = new Database(scratch.Options);
        var random = new Random(7);
        string?[] texts = [null, "", "a", "b", "Łódź 🎉", "a", "\ufeffbom first", "bom last\ufeff", "\ufeff"];
        object?[] numbers = [null, 0L, 1L, -5L, 1, 2.5, true];
        var rows = Enumerable.Range(1, 2000).Select(i => (Id: (long)i, Text: texts[random.Next(texts.Length)], Number: numbers[random.Next(numbers.Length)])).ToList();

        var stored = await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("CREATE TABLE sample (id INTEGER PRIMARY KEY, text TEXT, number)", transaction: tx);
            using var statement = new SqliteRowStatement((SqliteConnection)c, "INSERT INTO sample VALUES (@Id, @Text, @Number)", ["Id", "Text", "Number"]);
            return rows.Sum(r => statement.Execute([r.Id, r.Text, r.Number]));
        }, CancellationToken.None);

        Assert.Equal(rows.Count, stored);
        var read = await db.ReadAsync(c => c.QueryAsync<(long Id, string? Text, object? Number)>("SELECT id, text, number FROM sample ORDER BY id"), CancellationToken.None);
        Assert.Equal(rows.Select(r => (r.Id, Exact(r.Text), Expected(r.Number))), read.Select(r => (r.Id, Exact(r.Text), r.Number)));
    }

    /// <summary>Text as its UTF-8 bytes: an assertion on strings may take "\ufeffx" and "x" for equal, as a person would.</summary>
    private static string? Exact(string? text) => text is null ? null : Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>How SQLite gives a bound value back: integers (and booleans) as long, reals as double.</summary>
    private static object? Expected(object? value) => value switch
    {
        int i => (long)i,
        bool b => b ? 1L : 0L,
        _ => value,
    };
}
