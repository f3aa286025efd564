using Dapper;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>Journeys, their instances and steps: what is written, what is refused, and that a step taken twice is written once.</summary>
public abstract class JourneyStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    private async Task<(int Ws, long ContactId)> ContactAsync()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        return (ws, (await store.Contacts.AddAsync(ws, Some.Contact(Now, email: Some.Email()), Ct))!.Id);
    }

    [Fact]
    public async Task Each_save_is_a_new_version_of_a_journey_that_starts_as_a_draft()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;

        Assert.Equal((1, 0), await store.Journeys.SaveAsync(ws, "welcome", "Welcome", """{"v": 1}""", null, Now, Ct));
        Assert.True(await store.Journeys.SetStatusAsync(ws, "welcome", JourneyStatus.Active, Now, Ct));
        Assert.Equal((2, 0), await store.Journeys.SaveAsync(ws, "welcome", "Welcome again", """{"v": 2}""", null, Now, Ct));
        await store.Journeys.SaveAsync(ws, "later", "Later", "{}", null, Now, Ct);

        var newest = await store.Journeys.GetAsync(ws, "welcome", null, Ct);
        Assert.Equal(("welcome", 2, "Welcome again", """{"v": 2}""", JourneyStatus.Active, Now),
            (newest!.Key, newest.Version, newest.Name, newest.Document, newest.Status, newest.CreatedAt));
        Assert.Equal(("Welcome", JourneyStatus.Active), ((await store.Journeys.GetAsync(ws, "welcome", 1, Ct))!.Name, newest.Status));
        Assert.Null(await store.Journeys.GetAsync(ws, "welcome", 3, Ct));
        Assert.Null(await store.Journeys.GetAsync(ws, "none", null, Ct));
        Assert.Equal([("later", 1, JourneyStatus.Draft), ("welcome", 2, JourneyStatus.Active)],
            (await store.Journeys.ListAsync(ws, Ct)).Select(j => (j.Key, j.Version, j.Status)));
        Assert.False(await store.Journeys.SetStatusAsync(ws, "none", JourneyStatus.Paused, Now, Ct));
        Assert.Empty(await store.Journeys.ListAsync((await store.NewWorkspaceAsync()).Id, Ct));
    }

    [Fact]
    public async Task Entering_writes_the_instance_its_steps_and_its_messages_and_a_second_active_entry_is_refused()
    {
        var (ws, contact) = await ContactAsync();
        var journey = JourneyKit.Welcome("welcome");

        var entered = await store.Journeys.EnterAsync(ws, journey, contact, Now);
        var again = JourneyKit.Entry(journey, contact, Now);
        var (twice, refused) = await store.Journeys.EnterAsync(ws, again, JourneyKit.Ready(again), _ => null, Now, Ct); // the index refuses
        var byRule = await store.Journeys.EnterAsync(ws, again, JourneyKit.Ready(again), p => JourneyEntry.Refusal(journey, p, TopicConsent.None, null, Now), Now, Ct);

        Assert.True(entered.Id > 0);
        Assert.Equal((InstanceStatus.Active, "wait", Now.AddDays(1), 3), (entered.Status, entered.Node, entered.DueAt, entered.Steps));
        Assert.Equivalent(entered, await store.Journeys.InstanceAsync(ws, entered.Id, Ct), strict: true);
        Assert.Equal([StepKind.Entered, StepKind.Sent, StepKind.Waiting], (await store.Journeys.StepsAsync(ws, entered.Id, Ct)).Select(s => s.Kind));
        var sent = Assert.Single(await store.Journeys.SentAsync(ws, entered.Id, Ct));
        Assert.Equal("mail", sent.Node);
        var message = await store.Db.ReadAsync(c => c.QuerySingleAsync<(string, long, string, int, string, long, string?, string)>(
            "SELECT status, contact_id, purpose, journey_version, journey_key, journey_instance_id, journey_variant, journey_node FROM message WHERE id = @Id",
            new { Id = sent.MessageId }), Ct);
        Assert.Equal(("queued", contact, "journey", 1, "welcome", entered.Id, null, "mail"), message);
        Assert.Equal((null, JourneyEntry.AlreadyIn), (twice, refused));
        Assert.Equal((null, JourneyEntry.AlreadyIn), byRule);
        Assert.Single(await store.Journeys.OfContactAsync(ws, contact, activeOnly: false, Ct));
        Assert.Single(await store.Outbox.ForContactAsync(ws, contact, Ct)); // the refused entry queued nothing
    }

    [Fact]
    public async Task An_entry_the_predicate_refuses_writes_nothing_and_the_predicate_sees_every_earlier_instance()
    {
        var (ws, contact) = await ContactAsync();
        var journey = JourneyKit.Welcome("welcome");
        var first = await store.Journeys.EnterAsync(ws, journey, contact, Now);
        await store.Journeys.EnterAsync(ws, JourneyKit.Welcome("other"), contact, Now);
        await store.Journeys.WriteStepAsync(ws, first, JourneyStepper.End(first, InstanceStatus.Exited, "removed", Now), [], Now, Ct);

        IReadOnlyList<JourneyInstance> seen = [];
        var again = JourneyKit.Entry(journey, contact, Now);
        var (entered, refused) = await store.Journeys.EnterAsync(ws, again, JourneyKit.Ready(again), previous =>
        {
            seen = previous;
            return "entered it before, and it is entered once";
        }, Now, Ct);

        Assert.Equal((null, "entered it before, and it is entered once"), (entered, refused));
        Assert.Equal([(first.Id, InstanceStatus.Exited)], seen.Select(i => (i.Id, i.Status)));
        Assert.Equal(2, (await store.Journeys.OfContactAsync(ws, contact, activeOnly: false, Ct)).Count);
        Assert.Equal(2, (await store.Outbox.ForContactAsync(ws, contact, Ct)).Count);
    }

    [Fact]
    public async Task A_step_from_where_the_instance_no_longer_stands_writes_nothing_so_a_step_taken_twice_is_written_once()
    {
        var (ws, contact) = await ContactAsync();
        var journey = JourneyKit.Reminder("reminder");
        var entered = await store.Journeys.EnterAsync(ws, journey, contact, Now);
        var later = Now.AddDays(1);
        var step = JourneyKit.Step(journey, entered, later);

        var written = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => store.Journeys.WriteStepAsync(ws, entered, step, JourneyKit.Ready(step), later, Ct)));
        var retried = await store.Journeys.WriteStepAsync(ws, entered, step, JourneyKit.Ready(step), later, Ct);

        Assert.Single(written, w => w);
        Assert.False(retried);
        var stored = await store.Journeys.InstanceAsync(ws, entered.Id, Ct);
        Assert.Equal((InstanceStatus.Completed, 5, null, later), (stored!.Status, stored.Steps, stored.DueAt, stored.EndedAt));
        Assert.Equal([StepKind.Entered, StepKind.Waiting, StepKind.Waited, StepKind.Sent, StepKind.Completed],
            (await store.Journeys.StepsAsync(ws, entered.Id, Ct)).Select(s => s.Kind));
        Assert.Single(await store.Journeys.SentAsync(ws, entered.Id, Ct));
        Assert.True(await store.Journeys.WriteStepAsync(ws, stored, new Stepped(stored, [], [], []), [], later, Ct)); // nothing to write
    }

    [Fact]
    public async Task A_batch_writes_every_step_in_one_transaction_but_the_one_another_node_moved_first()
    {
        var (ws, first) = await ContactAsync();
        var second = (await store.Contacts.AddAsync(ws, Some.Contact(Now, email: Some.Email()), Ct))!.Id;
        var journey = JourneyKit.Reminder("reminder");
        var (a, b) = (await store.Journeys.EnterAsync(ws, journey, first, Now), await store.Journeys.EnterAsync(ws, journey, second, Now));
        var later = Now.AddDays(1);
        var (stepA, stepB) = (JourneyKit.Step(journey, a, later), JourneyKit.Step(journey, b, later));
        Assert.True(await store.Journeys.WriteStepAsync(ws, b, stepB, JourneyKit.Ready(stepB), later, Ct)); // another node stepped b

        var written = await store.Journeys.WriteStepsAsync(ws,
            [new StepWrite(b, stepB, JourneyKit.Ready(stepB)), new StepWrite(a, stepA, JourneyKit.Ready(stepA))], later, Ct);

        Assert.Equal([false, true], written);
        Assert.Single(await store.Journeys.SentAsync(ws, a.Id, Ct));
        Assert.Single(await store.Journeys.SentAsync(ws, b.Id, Ct)); // written once
        var reading = await store.Journeys.ReadAsync(ws, [a, b], 10, Ct);
        Assert.Equal([first, second], reading.Contacts.Keys.Order());
        Assert.Equal(["mail"], reading.Sent[a.Id].Select(m => m.Node));
    }

    [Fact]
    public async Task A_batch_of_entries_lets_a_contact_in_once_and_tells_each_refusal()
    {
        var (ws, contact) = await ContactAsync();
        var journey = JourneyKit.Welcome("welcome");
        var entry = JourneyKit.Entry(journey, contact, Now);
        var gone = JourneyKit.Entry(journey, contact + 1_000_000, Now);

        var results = await store.Journeys.EnterManyAsync(ws,
            [new EntryWrite(entry, JourneyKit.Ready(entry), _ => null), new EntryWrite(gone, [], _ => null), new EntryWrite(entry, JourneyKit.Ready(entry), _ => null)], Now, Ct);

        Assert.NotNull(results[0].Entered);
        Assert.Equal([(null, "the contact does not exist"), (null, JourneyEntry.AlreadyIn)], results.Skip(1).Select(r => (r.Entered?.Id, r.Refused)));
        Assert.Single(await store.Outbox.ForContactAsync(ws, contact, Ct));
    }

    [Fact]
    public async Task Only_due_instances_of_active_journeys_are_leased_and_none_while_another_runner_holds_it()
    {
        var (ws, contact) = await ContactAsync();
        foreach (var (key, status) in new[] { ("running", JourneyStatus.Active), ("drafted", JourneyStatus.Draft), ("paused", JourneyStatus.Paused) })
        {
            await store.Journeys.SaveAsync(ws, key, key, "{}", null, Now, Ct);
            await store.Journeys.SetStatusAsync(ws, key, status, Now, Ct);
            await store.Journeys.EnterAsync(ws, JourneyKit.Welcome(key), contact, Now);
        }

        var lease = TimeSpan.FromMinutes(5);
        async Task<IReadOnlyList<string>> LeaseAsync(DateTimeOffset at) =>
            (await store.Journeys.LeaseDueAsync(at, lease, 1000, Ct)).Where(d => d.WorkspaceId == ws).Select(d => d.Instance.Journey).ToList();

        Assert.Empty(await LeaseAsync(Now.AddHours(23))); // not due yet
        var due = Now.AddDays(1);
        Assert.Equal(["running"], await LeaseAsync(due));
        Assert.Empty(await LeaseAsync(due.AddMinutes(1))); // another runner holds it
        Assert.Equal(["running"], await LeaseAsync(due.AddMinutes(6))); // its lease ran out

        var instance = Assert.Single(await store.Journeys.OfContactAsync(ws, contact, activeOnly: true, Ct), i => i.Journey == "running");
        var step = JourneyKit.Step(JourneyKit.Welcome("running"), instance, due);
        Assert.True(await store.Journeys.WriteStepAsync(ws, instance, step, [], due, Ct));
        Assert.Empty(await LeaseAsync(due.AddDays(1))); // completed: never due again
        await store.Journeys.SetStatusAsync(ws, "paused", JourneyStatus.Active, Now, Ct);
        Assert.Equal(["paused"], await LeaseAsync(due.AddDays(1)));
    }

    [Fact]
    public async Task Counts_tell_who_waits_where_who_passed_each_edge_and_how_the_instances_ended()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var journey = JourneyKit.Reminder("reminder");
        var instances = new List<JourneyInstance>();
        for (var i = 0; i < 3; i++)
        {
            var contact = (await store.Contacts.AddAsync(ws, Some.Contact(Now), Ct))!.Id;
            instances.Add(await store.Journeys.EnterAsync(ws, journey, contact, Now));
        }

        var later = Now.AddDays(1);
        await store.Journeys.WriteStepAsync(ws, instances[0], JourneyKit.Step(journey, instances[0], later), [], later, Ct);

        var counts = await store.Journeys.CountsAsync(ws, "reminder", Ct);
        Assert.Equal(new Dictionary<string, long> { ["wait"] = 2 }, counts.WaitingAt);
        Assert.Equal(new Dictionary<(string, string), long> { [("wait", "next")] = 1, [("mail", "next")] = 1 }, counts.Passed);
        Assert.Equal(new Dictionary<InstanceStatus, long> { [InstanceStatus.Active] = 2, [InstanceStatus.Completed] = 1 }, counts.ByStatus);
        Assert.Equal([instances[2].Id], (await store.Journeys.ActiveOfJourneyAsync(ws, "reminder", instances[1].Id, 10, Ct)).Select(i => i.Id));
        Assert.Equal([instances[1].Id], (await store.Journeys.ActiveOfJourneyAsync(ws, "reminder", 0, 1, Ct)).Select(i => i.Id));
        Assert.Empty((await store.Journeys.CountsAsync(ws, "none", Ct)).ByStatus);
    }

    [Fact]
    public async Task A_journey_reads_a_contacts_tracked_events_since_a_time_and_events_by_message_id()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var user = Some.Id("u");
        var viewed = Messages.Track(user, null, "Viewed", Now.AddMinutes(1)) with { PropertiesJson = """{"sku": "A-1", "price": 9.5}""" };
        await store.Events.IngestAsync(ws, [
            Messages.Track(user, null, "Old", Now.AddMinutes(-1)),
            Messages.Identify(user, null, new System.Text.Json.Nodes.JsonObject { ["plan"] = "pro" }, Now.AddMinutes(2)),
            Messages.Track(user, null, "Bought", Now.AddMinutes(3)),
            viewed,
        ], "test", Now, Ct);
        var contact = (await store.ByExternalIdAsync(ws, user)).Id;

        var since = await store.Journeys.EventsSinceAsync(ws, contact, Now, 10, Ct);
        var byId = await store.Journeys.EventsAsync(ws, [viewed.MessageId, "unknown"], Ct);

        Assert.Equal(["Viewed", "Bought"], since.Select(e => e.Name));
        Assert.Equal((viewed.MessageId, Now.AddMinutes(1), "A-1", 9.5),
            (since[0].MessageId, since[0].Timestamp, (string?)since[0].Properties["sku"], (double?)since[0].Properties["price"]));
        Assert.Equal(["Viewed"], (await store.Journeys.EventsSinceAsync(ws, contact, Now, 1, Ct)).Select(e => e.Name));
        var (owner, e) = Assert.Single(byId);
        Assert.Equal((contact, "Viewed", "A-1"), (owner, e.Name, (string?)e.Properties["sku"]));
        Assert.Empty(await store.Journeys.EventsAsync(ws, [], Ct));
    }
}

public sealed class JourneyStoreOnSqlite(SqliteStores store) : JourneyStoreContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyStoreOnPostgres(PostgresStores store) : JourneyStoreContract(store), IClassFixture<PostgresStores>;
