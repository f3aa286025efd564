using System.Data.Common;
using Dapper;
using Rapport.Core;
using Rapport.Core.Events;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>
/// Journeys (versions of the definition, and the journey's status), their instances and the steps they took. A step
/// is written under a lock on the contact (as a deletion takes it), and only if its instance still stands where the
/// step was taken from. Journeys never change an identifier, so SQLite's writer keeps what it knows of them.
/// </summary>
public sealed class JourneyStore(Database db) : IJourneyStore
{
    public Task<(int Version, int Moved)> SaveAsync(
        int workspaceId, string key, string name, string document, IReadOnlyCollection<string>? moveWaitingAt, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var ids = new { WorkspaceId = workspaceId, Key = key, Name = name, Document = document, Now = UnixMs.Of(now) };
            var version = await c.ExecuteScalarAsync<int>(db.Queries[Q.JourneyInsert], ids, tx);
            await c.ExecuteAsync(db.Queries[Q.JourneyControlCreate], ids, tx);
            var moved = 0;
            foreach (var node in moveWaitingAt ?? [])
            {
                moved += await c.ExecuteAsync(db.Queries[Q.JourneyInstancesToVersion], new { WorkspaceId = workspaceId, Key = key, Version = version, Node = node, Now = UnixMs.Of(now) }, tx);
            }

            return (version, moved);
        }, WriteEffect.KeepsIdentities, ct);

    public async Task<StoredJourney?> GetAsync(int workspaceId, string key, int? version, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<JourneyRow>(db.Queries[Q.JourneyGet],
            new { WorkspaceId = workspaceId, Key = key, Newest = version is null, Version = version ?? 0 }), ct))?.ToJourney();

    public async Task<IReadOnlyList<StoredJourney>> ListAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<JourneyRow>(db.Queries[Q.JourneysList], new { WorkspaceId = workspaceId }), ct))
        .Select(r => r.ToJourney()).ToList();

    public Task<bool> SetStatusAsync(int workspaceId, string key, JourneyStatus status, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync(db.Queries[Q.JourneyStatusSet],
                    new { WorkspaceId = workspaceId, Key = key, Status = WireName.Of(status), Now = UnixMs.Of(now) }, tx) == 0)
            {
                return false;
            }

            await SettleMessagesAsync(c, tx, workspaceId, key, status);
            await WorkItems.RecordAsync(db, c, tx, workspaceId, new JourneyStatusChanged(key, status), now); // stopping ends everyone; resuming looks again
            return true;
        }, WriteEffect.KeepsIdentities, ct);

    public Task SettleMessagesAsync(int workspaceId, string key, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var status = await c.ExecuteScalarAsync<string?>(db.Queries[Q.JourneyStatusGet], new { WorkspaceId = workspaceId, Key = key }, tx);
            if (status is not null && WireName.TryParse<JourneyStatus>(status, out var current))
            {
                await SettleMessagesAsync(c, tx, workspaceId, key, current);
            }

            return 0;
        }, WriteEffect.KeepsIdentities, ct);

    /// <summary>What becomes of the journey's messages not yet let go: held while it is paused, sent once it runs, never once it stopped.</summary>
    private async Task SettleMessagesAsync(DbConnection c, DbTransaction tx, int workspaceId, string key, JourneyStatus status)
    {
        var query = status switch
        {
            JourneyStatus.Paused => Q.JourneyMessagesHold,
            JourneyStatus.Active => Q.JourneyMessagesRelease,
            JourneyStatus.Stopped => Q.JourneyMessagesEnd,
            _ => null,
        };
        if (query is not null)
        {
            await c.ExecuteAsync(db.Queries[query], new { WorkspaceId = workspaceId, Key = key }, tx);
        }
    }

    public Task MarkScheduleCheckedAsync(int workspaceId, string key, DateTimeOffset at, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.JourneyScheduleChecked], new { WorkspaceId = workspaceId, Key = key, At = UnixMs.Of(at) }, tx),
            WriteEffect.KeepsIdentities, ct);

    public Task<IReadOnlyList<(JourneyInstance? Entered, string? Refused)>> EnterManyAsync(
        int workspaceId, IReadOnlyList<EntryWrite> entries, DateTimeOffset now, CancellationToken ct) =>
        entries.Count == 0
            ? Task.FromResult<IReadOnlyList<(JourneyInstance?, string?)>>([])
            : db.WriteAsync<IReadOnlyList<(JourneyInstance?, string?)>>(async (c, tx) =>
            {
                var results = new (JourneyInstance?, string?)[entries.Count];
                var ids = entries.Select(e => e.First.Instance.ContactId).Distinct().ToList();
                var present = (await c.QueryAsync<long>(db.Queries[Q.JourneyContactsLock], new { WorkspaceId = workspaceId, Ids = db.List(ids) }, tx)).ToHashSet();
                var earlier = (await c.QueryAsync<JourneyInstanceRow>(db.Queries[Q.JourneyInstancesOfContacts],
                        new { WorkspaceId = workspaceId, Ids = db.List(ids) }, tx))
                    .Select(r => r.ToInstance()).GroupBy(i => i.ContactId).ToDictionary(g => g.Key, g => g.ToList()); // newest first
                var entered = new List<JourneyInstances.InstanceWrite>();
                foreach (var i in InContactOrder(entries.Select(e => e.First.Instance)))
                {
                    var instance = entries[i].First.Instance;
                    var previous = earlier.TryGetValue(instance.ContactId, out var theirs) ? theirs : earlier[instance.ContactId] = [];
                    results[i] = present.Contains(instance.ContactId)
                        ? await EnterAsync(c, tx, workspaceId, entries[i], previous.Where(p => p.Journey == instance.Journey).ToList())
                        : (null, "the contact does not exist");
                    if (results[i].Item1 is { } stored)
                    {
                        previous.Insert(0, stored);
                        entered.Add(new(stored, 0, entries[i].First, entries[i].Messages));
                    }
                }

                await JourneyInstances.WriteManyAsync(db, c, tx, workspaceId, entered, now);
                return results;
            }, WriteEffect.KeepsIdentities, ct);

    /// <summary>
    /// Enters one contact, their lock held, if the entry's rule lets them in given their <paramref name="previous"/> instances
    /// of the journey (newest first); what the first step writes besides is written with the batch's.
    /// </summary>
    private async Task<(JourneyInstance?, string?)> EnterAsync(DbConnection c, DbTransaction tx, int workspaceId, EntryWrite entry,
        IReadOnlyList<JourneyInstance> previous)
    {
        if (entry.Refusal(previous) is { } reason)
        {
            return (null, reason);
        }

        var instance = entry.First.Instance;
        var id = await c.ExecuteScalarAsync<long?>(db.Queries[Q.JourneyInstanceInsert], JourneyInstanceRow.From(workspaceId, instance), tx);
        return id is null
            ? (null, JourneyEntry.AlreadyIn) // entered meanwhile, or the refusal did not ask
            : (instance with { Id = id.Value }, null);
    }

    public Task<IReadOnlyList<bool>> WriteStepsAsync(int workspaceId, IReadOnlyList<StepWrite> steps, DateTimeOffset now, CancellationToken ct) =>
        steps.All(s => s.Step.Records.Count == 0)
            ? Task.FromResult<IReadOnlyList<bool>>([.. steps.Select(_ => true)])
            : db.WriteAsync<IReadOnlyList<bool>>((c, tx) => WriteStepsAsync(c, tx, workspaceId, steps, now), WriteEffect.KeepsIdentities, ct);

    /// <summary>
    /// Writes a batch of steps set-based: the contacts locked together (in contact order), every instance's new state in one
    /// guarded update, then what the steps that were written write besides. A step whose contact is gone, or whose instance
    /// another step moved first (a duplicate of the batch, too), writes nothing and answers false; a step without records, true.
    /// </summary>
    private async Task<IReadOnlyList<bool>> WriteStepsAsync(DbConnection c, DbTransaction tx, int workspaceId, IReadOnlyList<StepWrite> steps, DateTimeOffset now)
    {
        var moving = InContactOrder(steps.Select(s => s.Before)).Where(i => steps[i].Step.Records.Count > 0).ToList();
        var present = (await c.QueryAsync<long>(db.Queries[Q.JourneyContactsLock],
            new { WorkspaceId = workspaceId, Ids = db.List(moving.Select(i => steps[i].Before.ContactId).Distinct().ToList()) }, tx)).ToHashSet();
        var first = new HashSet<long>();
        var tried = moving.Where(i => present.Contains(steps[i].Before.ContactId) && first.Add(steps[i].Before.Id)).ToList();
        var matched = await BulkRows.MatchingAsync(db, c, tx, Q.JourneyInstancesStepMany,
            tried.Select(i => InstanceStepRow.From(workspaceId, After(steps[i]), steps[i].Before.Steps)).ToList(), r => r.Id);
        var written = tried.Where(i => matched.Contains(steps[i].Before.Id)).ToList();
        await JourneyInstances.WriteManyAsync(db, c, tx, workspaceId,
            written.Select(i => new JourneyInstances.InstanceWrite(After(steps[i]), steps[i].Before.Steps, steps[i].Step, steps[i].Messages)).ToList(), now);
        var answers = steps.Select(s => s.Step.Records.Count == 0).ToArray();
        foreach (var i in written)
        {
            answers[i] = true;
        }

        return answers;
    }

    private static JourneyInstance After(StepWrite write) => write.Step.Instance with { Id = write.Before.Id, ContactId = write.Before.ContactId };

    /// <summary>The positions of a batch in the order of their contacts: two batches on PostgreSQL take the contacts' locks in one order, never deadlocking.</summary>
    private static IEnumerable<int> InContactOrder(IEnumerable<JourneyInstance> instances) =>
        instances.Select((instance, i) => (instance.ContactId, instance.Id, i)).Order().Select(x => x.i).ToList();

    public Task<bool> AppendStepAsync(int workspaceId, long instanceId, StepRecord record, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var ids = new { WorkspaceId = workspaceId, Id = instanceId };
            if (await c.QuerySingleOrDefaultAsync<JourneyInstanceRow>(db.Queries[Q.JourneyInstanceGet], ids, tx) is not { } instance
                || !await ContactLocks.TakeExistingAsync(db, c, tx, workspaceId, instance.ContactId))
            {
                return false; // the instance, or its contact, is gone
            }

            var number = await c.ExecuteScalarAsync<int?>(db.Queries[Q.JourneyInstanceAppend], new { WorkspaceId = workspaceId, Id = instanceId, instance.ContactId }, tx)
                ?? throw new LostRaceException($"Journey instance {instanceId} moved to another contact while a record was added to it.");
            await BulkRows.WriteAsync(db, c, tx, Q.JourneyStepsInsertMany, [JourneyStepRow.From(workspaceId, instanceId, number, record)]);
            await InternalEvents.WriteForTimelineAsync(db, c, tx, workspaceId,
                [(instance.ContactId, new JourneyStepped(instance.JourneyKey, instance.Version, instanceId, number, record))], record.At);
            return true;
        }, WriteEffect.KeepsIdentities, ct);

    public Task<IReadOnlyList<DueInstance>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => (IReadOnlyList<DueInstance>)(await c.QueryAsync<JourneyInstanceRow>(db.Queries[Q.JourneyInstancesLease],
                new { Now = UnixMs.Of(now), Until = UnixMs.Of(now + lease), Limit = limit }, tx))
            .OrderBy(r => r.DueAt).ThenBy(r => r.Id).Select(r => new DueInstance(r.WorkspaceId, r.ToInstance())).ToList(),
            WriteEffect.KeepsIdentities, ct);

    public Task<IReadOnlyList<JourneyInstance>> OfContactAsync(int workspaceId, long contactId, bool activeOnly, CancellationToken ct) =>
        db.ReadAsync(c => OfContactAsync(c, null, workspaceId, contactId, activeOnly), ct);

    private async Task<IReadOnlyList<JourneyInstance>> OfContactAsync(DbConnection c, DbTransaction? tx, int workspaceId, long contactId, bool activeOnly) =>
        (await c.QueryAsync<JourneyInstanceRow>(db.Queries[Q.JourneyInstancesOfContact],
            new { WorkspaceId = workspaceId, ContactId = contactId, ActiveOnly = activeOnly }, tx)).Select(r => r.ToInstance()).ToList();

    public async Task<JourneyInstance?> InstanceAsync(int workspaceId, long instanceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<JourneyInstanceRow>(db.Queries[Q.JourneyInstanceGet],
            new { WorkspaceId = workspaceId, Id = instanceId }), ct))?.ToInstance();

    public async Task<IReadOnlyList<JourneyInstance>> ActiveOfJourneyAsync(int workspaceId, string key, long after, int limit, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<JourneyInstanceRow>(db.Queries[Q.JourneyInstancesActive],
            new { WorkspaceId = workspaceId, Key = key, After = after, Limit = limit }), ct)).Select(r => r.ToInstance()).ToList();

    public async Task<IReadOnlyList<StepRecord>> StepsAsync(int workspaceId, long instanceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<JourneyStepRow>(db.Queries[Q.JourneySteps],
            new { WorkspaceId = workspaceId, InstanceId = instanceId }), ct)).Select(r => r.ToRecord()).ToList();

    public async Task<IReadOnlyList<SentMessage>> SentAsync(int workspaceId, long instanceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<(string Node, long Id)>(db.Queries[Q.JourneySent],
            new { WorkspaceId = workspaceId, InstanceId = instanceId }), ct)).Select(r => new SentMessage(r.Node, r.Id)).ToList();

    public Task<JourneyCounts> CountsAsync(int workspaceId, string key, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            var ids = new { WorkspaceId = workspaceId, Key = key };
            var waiting = await c.QueryAsync<(string Node, long Count)>(db.Queries[Q.JourneyCountsWaiting], ids);
            var passed = await c.QueryAsync<(string Node, string Edge, long Count)>(db.Queries[Q.JourneyCountsPassed], ids);
            var statuses = await c.QueryAsync<(string Status, long Count)>(db.Queries[Q.JourneyCountsStatus], ids);
            return new JourneyCounts(
                waiting.ToDictionary(w => w.Node, w => w.Count, StringComparer.Ordinal),
                passed.ToDictionary(p => (p.Node, p.Edge), p => p.Count),
                statuses.ToDictionary(s => ConsentRecordRow.Parse<InstanceStatus>(s.Status), s => s.Count));
        }, ct);

    public Task<JourneyReading> ReadAsync(int workspaceId, IReadOnlyList<JourneyInstance> instances, int mostEvents, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            var since = instances.GroupBy(i => i.ContactId).Select(g => new { contact_id = g.Key, since = UnixMs.Of(g.Min(i => i.EnteredAt).AddSeconds(-1)) }).ToList();
            var ids = new { WorkspaceId = workspaceId, Ids = db.List(since.Select(s => s.contact_id).ToList()) };
            var contacts = (await c.QueryAsync<ContactRow>(db.Queries[Q.JourneyContacts], ids)).Select(r => r.ToContact()).ToDictionary(x => x.Id);
            var subscriptions = (await c.QueryAsync<SubscriptionRow>(db.Queries[Q.JourneySubscriptions], ids)).ToLookup(r => r.ContactId, r => r.ToSubscription());
            var events = (await c.QueryAsync<JourneyEventRow>(db.Queries[Q.JourneyEventsSinceMany], new
            {
                WorkspaceId = workspaceId, Rows = System.Text.Json.JsonSerializer.Serialize(since), Limit = mostEvents,
            })).ToLookup(r => r.ContactId, r => r.ToEvent());
            var stored = instances.Where(i => i.Id != 0).Select(i => i.Id).Distinct().ToList();
            var sent = stored.Count == 0 ? [] : await c.QueryAsync<(long InstanceId, string Node, long Id)>(db.Queries[Q.JourneySentMany],
                new { WorkspaceId = workspaceId, Ids = db.List(stored) });
            return new JourneyReading(contacts, subscriptions, events, sent.ToLookup(s => s.InstanceId, s => new SentMessage(s.Node, s.Id)));
        }, ct);

    public async Task<IReadOnlyList<JourneyEvent>> EventsSinceAsync(int workspaceId, long contactId, DateTimeOffset since, int limit, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<JourneyEventRow>(db.Queries[Q.JourneyEventsSince],
            new { WorkspaceId = workspaceId, ContactId = contactId, Since = UnixMs.Of(since), Limit = limit }), ct)).Select(r => r.ToEvent()).ToList();

    public async Task<IReadOnlyList<(long ContactId, JourneyEvent Event)>> EventsAsync(
        int workspaceId, IReadOnlyCollection<string> messageIds, CancellationToken ct) =>
        messageIds.Count == 0
            ? []
            : (await db.ReadAsync(c => c.QueryAsync<JourneyEventRow>(db.Queries[Q.JourneyEvents],
                new { WorkspaceId = workspaceId, MessageIds = db.List(messageIds) }), ct)).Select(r => (r.ContactId, r.ToEvent())).ToList();
}
