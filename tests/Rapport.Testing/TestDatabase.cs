using Rapport.Storage;

namespace Rapport.Testing;

/// <summary>
/// A fresh, empty database for one fixture: a SQLite file in a temp folder, or a new database in the
/// PostgreSQL cluster that ./build.sh test starts (RAPPORT_TEST_POSTGRES). Removed on dispose.
/// </summary>
public sealed class TestDatabase(ScratchDatabase scratch) : IAsyncDisposable
{
    public const string PostgresVariable = "RAPPORT_TEST_POSTGRES";

    public DatabaseOptions Options => scratch.Options;

    public static async Task<TestDatabase> CreateAsync(StoreKind kind) =>
        new(kind == StoreKind.Sqlite ? ScratchDatabase.Sqlite() : await ScratchDatabase.PostgresAsync(ServerConnectionString()));

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with ./build.sh test: it starts a private PostgreSQL cluster.");

    public ValueTask DisposeAsync() => scratch.DisposeAsync();
}
