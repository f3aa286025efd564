using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>
/// Segments brought up to date together for some contacts, in one transaction: one that the database refuses is undone
/// alone and named with the reason, and the others keep what they found.
/// </summary>
public abstract class MembershipBatchContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static readonly Condition Pro = new TraitCondition("traits.plan", new Test(TestOperator.Eq, [JsonValue.Create("pro")], null, null));

    /// <summary>The database itself refuses to let anyone into the segment "refused", as it refuses a query it cannot run.</summary>
    private async Task RefuseEntriesToAsync()
    {
        var sql = store.Db.Dialect == Dialect.Sqlite
            ? "CREATE TRIGGER IF NOT EXISTS refuse_entries BEFORE INSERT ON segment_membership WHEN NEW.segment_key = 'refused' " +
              "BEGIN SELECT RAISE(ABORT, 'entries refused'); END"
            : "CREATE OR REPLACE FUNCTION refuse_entries() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
              "IF NEW.segment_key = 'refused' THEN RAISE EXCEPTION 'entries refused'; END IF; RETURN NEW; END $$; " +
              "CREATE OR REPLACE TRIGGER refuse_entries BEFORE INSERT ON segment_membership FOR EACH ROW EXECUTE FUNCTION refuse_entries()";
        await store.Db.WriteAsync((c, tx) => c.ExecuteAsync(sql, transaction: tx), Ct);
    }

    [Fact]
    public async Task A_segment_the_database_refuses_is_undone_alone_and_the_others_keep_their_new_members()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var ids = new List<long>();
        foreach (var _ in new[] { 1, 2 })
        {
            ids.Add((await store.Contacts.AddAsync(ws.Id, Some.Contact(now, Some.Id("pro")) with { Traits = new JsonObject { ["plan"] = "pro" } }, Ct))!.Id);
        }

        await RefuseEntriesToAsync();

        var failed = await store.Memberships.RefreshForContactsAsync(ws.Id,
            [new SegmentRefresh("a", Pro, ids), new SegmentRefresh("refused", Pro, ids), new SegmentRefresh("z", Pro, ids)], _ => null, now, Ct);

        Assert.Equal(["refused"], failed.Keys);
        Assert.Contains("entries refused", failed["refused"], StringComparison.Ordinal);
        foreach (var key in new[] { "a", "z" })
        {
            Assert.Equal(ids.Order(), (await store.Memberships.ChangesAsync(ws.Id, key, 10, Ct)).Select(m => m.ContactId).Order());
        }

        Assert.Empty(await store.Memberships.ChangesAsync(ws.Id, "refused", 10, Ct));
        foreach (var id in ids) // each contact's timeline holds the entries kept, and none of the one undone
        {
            var entered = (await store.Events.TimelineAsync(ws.Id, id, null, 100, Ct)).Items
                .Where(e => e.Name == "Segment Entered").Select(e => JsonNode.Parse(e.PropertiesJson)!["segment"]!.GetValue<string>());
            Assert.Equal(["a", "z"], entered.Order());
        }
    }
}

public sealed class MembershipBatchOnSqlite(SqliteStores store) : MembershipBatchContract(store), IClassFixture<SqliteStores>;

public sealed class MembershipBatchOnPostgres(PostgresStores store) : MembershipBatchContract(store), IClassFixture<PostgresStores>;
