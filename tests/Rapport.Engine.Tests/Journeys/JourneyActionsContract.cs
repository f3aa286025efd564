using Rapport.Core.Journeys;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// A node after an action sees what the action wrote: the step ends at the action, its changes are committed, and the
/// runner steps the instance again at once, so a branch's SQL reads the new trait or the emitted event.
/// </summary>
public abstract class JourneyActionsContract(StoreFixture store)
{
    private static async Task<JourneyInstance> RunAsync(StoreFixture store, string action, string condition)
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await rig.ActivateAsync(ws, "upgrade", $$"""
            {"name": "Upgrade", "triggers": [{"event": "Signed Up"}],
             "nodes": [
               {"id": "act", "type": "action", {{action}}, "next": "which"},
               {"id": "which", "type": "branch", "branches": [{"condition": {{condition}}, "next": "pro"}], "default": "basic"},
               {"id": "pro", "type": "exit"},
               {"id": "basic", "type": "exit"}]}
            """);
        var contact = await rig.SubscriberAsync(ws, "news");
        await rig.TrackAsync(ws, contact, "Signed Up");

        await rig.RunUntilQuietAsync();

        return await rig.InstanceAsync(ws, contact, "upgrade");
    }

    [Fact]
    public async Task A_branch_after_setting_a_trait_reads_the_new_trait()
    {
        var done = await RunAsync(store, """ "setTrait": {"trait": "traits.plan", "value": "pro"} """, """{"trait": "traits.plan", "op": "eq", "value": "pro"}""");

        Assert.Equal((InstanceStatus.Completed, "pro"), (done.Status, done.Node));
    }

    [Fact]
    public async Task A_branch_after_emitting_an_event_sees_the_event()
    {
        var done = await RunAsync(store, """ "emit": {"event": "Upgraded"} """, """{"event": "Upgraded", "count": {"atLeast": 1}}""");

        Assert.Equal((InstanceStatus.Completed, "pro"), (done.Status, done.Node));
    }
}

public sealed class JourneyActionsOnSqlite(SqliteStores store) : JourneyActionsContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyActionsOnPostgres(PostgresStores store) : JourneyActionsContract(store), IClassFixture<PostgresStores>;
