using Dapper;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>Concurrent writes run together keep their own results, and one bad write fails alone.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Each_caller_gets_its_own_result_and_a_failing_write_fails_alone()
    {
        await using var scratch = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        await using var db = new Database(scratch.Options);
        await db.WriteAsync((c, tx) => c.ExecuteAsync("CREATE TABLE note (n INTEGER PRIMARY KEY)", transaction: tx), CancellationToken.None);
        var group = new GroupCommit<int, int>(db, async (c, tx, n) =>
        {
            if (n == 13)
            {
                throw new InvalidOperationException("thirteen is refused");
            }

            await c.ExecuteAsync("INSERT INTO note (n) VALUES (@n)", new { n }, tx);
            return n * 10;
        }, _ => 1, maxSize: 8);

        var calls = Enumerable.Range(1, 40).Select(n => (N: n, Task: Task.Run(() => group.RunAsync(n, CancellationToken.None)))).ToList();
        await Task.WhenAll(calls.Select(c => c.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

        foreach (var (n, task) in calls)
        {
            if (n == 13)
            {
                Assert.Equal("thirteen is refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);
            }
            else
            {
                Assert.Equal(n * 10, await task);
            }
        }

        var stored = await db.ReadAsync(c => c.QueryAsync<int>("SELECT n FROM note ORDER BY n"), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 40).Where(n => n != 13), stored);
    }
}
