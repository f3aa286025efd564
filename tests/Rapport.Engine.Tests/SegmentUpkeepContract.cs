using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Engine.Segments;
using Rapport.Core.Work;
using Rapport.Testing;

namespace Rapport.Engine.Tests;

/// <summary>
/// The upkeep with segments that cannot be evaluated among those that can: definitions stored straight into the
/// store, past the validation of the API, as older versions of Rapport could store them.
/// </summary>
public abstract class SegmentUpkeepContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A database that refuses one segment's query (as PostgreSQL refuses a NUL in a text), and runs the others.</summary>
    private sealed class RefusingMemberships(IMembershipStore inner, string refused) : IMembershipStore
    {
        public Task<MembershipChanges> RefreshAsync(int workspaceId, string key, Condition condition, Func<string, SegmentDefinition?> segments,
            DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct) =>
            key == refused
                ? throw new InvalidOperationException("the database refused the segment's query")
                : inner.RefreshAsync(workspaceId, key, condition, segments, now, contacts, ct);

        public async Task<IReadOnlyDictionary<string, string>> RefreshForContactsAsync(int workspaceId, IReadOnlyList<SegmentRefresh> refreshes,
            Func<string, SegmentDefinition?> segments, DateTimeOffset now, CancellationToken ct)
        {
            var failed = new Dictionary<string, string>(await inner.RefreshForContactsAsync(workspaceId, refreshes.Where(r => r.Key != refused).ToList(), segments, now, ct));
            if (refreshes.Any(r => r.Key == refused))
            {
                failed[refused] = "InvalidOperationException: the database refused the segment's query";
            }

            return failed;
        }

        public Task CloseAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct) => inner.CloseAsync(workspaceId, key, now, ct);

        public Task<IReadOnlyList<Membership>> OfContactAsync(int workspaceId, long contactId, CancellationToken ct) => inner.OfContactAsync(workspaceId, contactId, ct);

        public Task<IReadOnlyList<Membership>> ChangesAsync(int workspaceId, string key, int limit, CancellationToken ct) => inner.ChangesAsync(workspaceId, key, limit, ct);
    }

    protected IMembershipStore Memberships => store.Memberships;

    protected (Upkeep Upkeep, ListLogger<SegmentFailures> Log) Upkeep(IMembershipStore memberships)
    {
        var log = new ListLogger<SegmentFailures>();
        return (new Upkeep(store, log, memberships), log);
    }

    /// <summary>A workspace with two pro customers and a segment of them, plus a segment stored as <paramref name="document"/>.</summary>
    protected async Task<int> WorkspaceAsync(string key, string document)
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        foreach (var _ in new[] { 1, 2 })
        {
            await store.Contacts.AddAsync(ws.Id, Some.Contact(now, Some.Id("pro")) with { Traits = new JsonObject { ["plan"] = "pro" } }, Ct);
        }

        await store.Segments.SaveAsync(ws.Id, "pros", "Pros", """{"key": "pros", "name": "Pros", "condition": {"trait": "traits.plan", "op": "eq", "value": "pro"}}""", now, Ct);
        await store.Segments.SaveAsync(ws.Id, key, key, document, now, Ct);
        return ws.Id;
    }

    /// <summary>Minutes of upkeep: the full refreshes and the retries that come due.</summary>
    protected static async Task RoundsAsync(Upkeep upkeep, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            await upkeep.PassAsync(TimeSpan.FromMinutes(1));
        }
    }

    protected async Task<StoredSegment> StoredAsync(int ws, string key) => (await store.Segments.CurrentAsync(ws, Ct)).Single(s => s.Key == key);

    protected async Task<int> ProsAsync(int ws) => (await Memberships.ChangesAsync(ws, "pros", 100, Ct)).Count(m => m.ExitedAt is null);

    [Fact]
    public async Task A_definition_that_does_not_read_is_parked_at_once_with_why_and_the_others_are_kept_current()
    {
        var ws = await WorkspaceAsync("broken", """{"key": "broken", "name": "Broken", "condition": {"trait": "traits.plan", "op": "matches", "value": "x"}}""");
        var (upkeep, log) = Upkeep(Memberships);

        await upkeep.RunUntilQuietAsync();
        await RoundsAsync(upkeep, 10);

        Assert.Equal(2, await ProsAsync(ws));
        var broken = await StoredAsync(ws, "broken");
        Assert.NotNull(broken.ParkedAt);
        Assert.Equal(1, broken.Failures);
        Assert.Contains("condition.op", broken.LastError, StringComparison.Ordinal);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_segment_the_database_refuses_is_tried_a_bounded_number_of_times_then_parked_until_saved_again()
    {
        var ws = await WorkspaceAsync("refused", """{"key": "refused", "name": "Refused", "condition": {"trait": "traits.plan", "op": "eq", "value": "free"}}""");
        var (upkeep, log) = Upkeep(new RefusingMemberships(Memberships, "refused"));

        await upkeep.RunUntilQuietAsync();
        Assert.Equal(1, (await StoredAsync(ws, "refused")).Failures); // it waits before it is tried again
        await RoundsAsync(upkeep, 20);

        Assert.Equal(2, await ProsAsync(ws));
        var refused = await StoredAsync(ws, "refused");
        Assert.Equal((WorkRetry.ParkAt, true), (refused.Failures, refused.ParkedAt is not null));
        Assert.Contains("the database refused the segment's query", refused.LastError, StringComparison.Ordinal);
        var mine = log.Entries.Where(e => e.Message.Contains("refused", StringComparison.Ordinal)).ToList();
        Assert.Equal((1, WorkRetry.ParkAt - 1), (mine.Count(e => e.Level == LogLevel.Error), mine.Count(e => e.Level == LogLevel.Warning)));

        await store.Segments.SaveAsync(ws, "refused", "Refused", """{"key": "refused", "name": "Refused", "condition": {"trait": "traits.plan", "op": "eq", "value": "team"}}""", store.Clock.GetUtcNow(), Ct);
        await upkeep.RunUntilQuietAsync();
        var again = await StoredAsync(ws, "refused");
        Assert.Equal((2, 1, false), (again.Version, again.Failures, again.ParkedAt is not null)); // the new version is evaluated again
    }
}

public sealed class SegmentUpkeepOnSqlite(SqliteStores store) : SegmentUpkeepContract(store), IClassFixture<SqliteStores>;

/// <summary>On PostgreSQL, also a segment the database itself refuses: a NUL in a text, stored before validation refused it.</summary>
public sealed class SegmentUpkeepOnPostgres(PostgresStores store) : SegmentUpkeepContract(store), IClassFixture<PostgresStores>
{
    [Fact]
    public async Task A_segment_with_a_NUL_stored_before_validation_is_parked_with_the_reason_and_the_others_are_kept_current()
    {
        var ws = await WorkspaceAsync("nul", """{"key": "nul", "name": "Nul", "condition": {"trait": "traits.plan", "op": "eq", "value": "a\u0000b"}}""");
        var (upkeep, log) = Upkeep(Memberships);

        await RoundsAsync(upkeep, 20);

        Assert.Equal(2, await ProsAsync(ws));
        var nul = await StoredAsync(ws, "nul");
        Assert.NotNull(nul.ParkedAt);
        Assert.InRange(nul.Failures, 1, WorkRetry.ParkAt);
        Assert.False(string.IsNullOrEmpty(nul.LastError));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("nul", StringComparison.Ordinal));
    }
}
