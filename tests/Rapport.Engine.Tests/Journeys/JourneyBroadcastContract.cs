using Rapport.Core.Ports;
using Rapport.Engine.Journeys;
using Rapport.Core.Messages;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>A broadcast's messages wait in the outbox while its journey is paused, go once it is resumed, and never once it is stopped.</summary>
public abstract class JourneyBroadcastContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private const int Members = 1_100; // more than a page of entries (1,000)

    private static string Launch(DateTimeOffset at) => $$$"""
        {"name": "Launch", "triggers": [{"broadcast": {"segment": "readers", "at": "{{{at:O}}}"}}], "topic": "news",
         "nodes": [{"id": "hello", "type": "send", "channel": "email", "content": {"subject": "New in store", "text": "Come and see"}, "next": "done"},
                   {"id": "done", "type": "exit"}]}
        """;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    /// <summary>A broadcast to <see cref="Members"/> subscribers has entered everyone and queued one message each; none has gone yet.</summary>
    private async Task<(int Ws, JourneyRig Rig, IReadOnlyList<long> Readers)> QueuedAsync()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await rig.RunUntilQuietAsync();
        var readers = new List<long>();
        for (var i = 0; i < Members; i++)
        {
            readers.Add(await rig.SubscriberAsync(ws, "news", traits: new() { ["reads"] = true }));
        }

        await store.Segments.SaveAsync(ws, "readers", "Readers", """{"key": "readers", "name": "Readers", "condition": {"trait": "traits.reads", "op": "eq", "value": true}}""", Now, Ct);
        await rig.ActivateAsync(ws, "launch", Launch(Now)); // "send now"
        await rig.PassAsync(JourneyWorker.ScheduleEvery + TimeSpan.FromSeconds(1));
        Assert.Equal(Members, await CountAsync(ws, MessageStatus.Queued));
        return (ws, rig, readers);
    }

    private async Task<int> CountAsync(int ws, MessageStatus status) =>
        (await store.Outbox.ListAsync(ws, new MessageFilter(null, "launch", status), long.MaxValue, 10_000, Ct)).Count;

    [Fact]
    public async Task A_paused_broadcast_holds_its_messages_and_the_resume_sends_each_person_exactly_once()
    {
        var (ws, rig, readers) = await QueuedAsync();
        var inFlight = await store.Outbox.LeaseDueAsync(Now, rig.Dispatcher.Lease, 100, Ct); // a dispatcher's round, leased when the pause comes

        Assert.True(await rig.Journeys.SetStatusAsync(ws, "launch", JourneyStatus.Paused, Now, Ct));
        Assert.Equal(Members, await CountAsync(ws, MessageStatus.Held));
        store.Clock.Advance(rig.Dispatcher.Lease + TimeSpan.FromMinutes(1)); // the in-flight round's lease runs out meanwhile
        Assert.Equal(0, await rig.Dispatcher.DispatchDueAsync(Ct));

        Assert.True(await rig.Journeys.SetStatusAsync(ws, "launch", JourneyStatus.Active, Now, Ct));
        await rig.Dispatcher.DispatchDueAsync(Ct);

        Assert.Equal(Members, await CountAsync(ws, MessageStatus.Sent));
        Assert.Equal(Members, Directory.GetFiles(rig.OutboxFolder, "*.eml").Length);
        foreach (var reader in readers.Take(20).Concat(inFlight.Select(m => m.ContactId!.Value)))
        {
            Assert.Equal(MessageStatus.Sent, Assert.Single(await rig.MessagesAsync(ws, reader)).Status);
        }
    }

    [Fact]
    public async Task A_stopped_broadcast_sends_none_of_what_it_had_not_sent()
    {
        var (ws, rig, readers) = await QueuedAsync();
        Assert.True(await rig.Journeys.SetStatusAsync(ws, "launch", JourneyStatus.Paused, Now, Ct));

        Assert.True(await rig.Journeys.SetStatusAsync(ws, "launch", JourneyStatus.Stopped, Now, Ct));
        await rig.Dispatcher.DispatchDueAsync(Ct);

        Assert.Equal(Members, await CountAsync(ws, MessageStatus.Suppressed));
        var message = Assert.Single(await rig.MessagesAsync(ws, readers[0]));
        Assert.Equal("the journey was stopped", message.Reason);
        Assert.False(Directory.Exists(rig.OutboxFolder) && Directory.GetFiles(rig.OutboxFolder).Length > 0);
    }
}

public sealed class JourneyBroadcastOnSqlite(SqliteStores store) : JourneyBroadcastContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyBroadcastOnPostgres(PostgresStores store) : JourneyBroadcastContract(store), IClassFixture<PostgresStores>;
