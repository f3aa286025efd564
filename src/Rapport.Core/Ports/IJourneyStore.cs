using Rapport.Core.Journeys;

namespace Rapport.Core.Ports;

/// <summary>Where a journey stands: drafted, taking entries and running, paused (everyone held where they are), or stopped.</summary>
public enum JourneyStatus
{
    Draft,
    Active,
    Paused,
    Stopped,
}

/// <summary>A stored version of a journey definition (the document as JSON text), with the journey's status.</summary>
public sealed record StoredJourney(string Key, int Version, string Name, string Document, JourneyStatus Status, DateTimeOffset CreatedAt)
{
    /// <summary>When the journey's status last changed (for an active one: since when it runs).</summary>
    public DateTimeOffset StatusSince { get; init; } = CreatedAt;

    /// <summary>Up to when its broadcasts and profile dates were looked at (null: never).</summary>
    public DateTimeOffset? ScheduleCheckedAt { get; init; }
}

/// <summary>An instance of a journey in a workspace, leased for a step.</summary>
public sealed record DueInstance(int WorkspaceId, JourneyInstance Instance);

/// <summary>
/// A message a step requests, made ready by the runner for the outbox: the node that asked for it, where it goes, what it
/// is about, the purpose ("journey", or "transactional"), the recipient (null: the contact has no address on the
/// channel, and the dispatcher fails it with that reason), the channel's content as JSON, and what the gate does when the
/// contact policy holds it back (the send node's whenBlocked).
/// </summary>
public sealed record JourneyMessage(
    string Node, Consent.Channel Channel, string? Topic, string Purpose, string? Recipient, string Content, WhenBlocked WhenBlocked = WhenBlocked.Wait);

/// <summary>A step to write: taken from <paramref name="Before"/>, with the messages it requests made ready for the outbox.</summary>
public sealed record StepWrite(JourneyInstance Before, Stepped Step, IReadOnlyList<JourneyMessage> Messages);

/// <summary>
/// An entry to write: the first step of a new instance, its messages, and the rule that refuses it (a reason) or lets it
/// in (null) given the contact's earlier instances of the journey, read under the contact's lock.
/// </summary>
public sealed record EntryWrite(Stepped First, IReadOnlyList<JourneyMessage> Messages, Func<IReadOnlyList<JourneyInstance>, string?> Refusal);

/// <summary>
/// What a batch of steps reads at once: the contacts there are (by id), their subscriptions, their tracked events since the
/// earliest of their instances began (oldest first), and the messages each stored instance requested (by instance id).
/// </summary>
public sealed record JourneyReading(
    IReadOnlyDictionary<long, Contacts.Contact> Contacts, ILookup<long, Consent.Subscription> Subscriptions,
    ILookup<long, JourneyEvent> Events, ILookup<long, SentMessage> Sent);

/// <summary>How many people wait at each node now, and how many passed each edge (node, edge) of a journey, all versions.</summary>
public sealed record JourneyCounts(IReadOnlyDictionary<string, long> WaitingAt, IReadOnlyDictionary<(string Node, string Edge), long> Passed,
    IReadOnlyDictionary<InstanceStatus, long> ByStatus);

/// <summary>
/// Journeys, their instances and the steps they took. A step is written with the instance it moved, its records, the
/// messages it requests and the changes it makes in one transaction, and only if the instance still stands where it was
/// read (its step count): a step taken twice, by a retry or by two nodes, is written once.
/// </summary>
public interface IJourneyStore
{
    /// <summary>
    /// Stores the next version of a journey (a new journey is a draft) and returns its number. The active instances of
    /// older versions at one of <paramref name="moveWaitingAt"/> (node ids the new version also has) move onto it in the
    /// same transaction, and how many moved is returned; the others finish on the version they started on.
    /// </summary>
    Task<(int Version, int Moved)> SaveAsync(
        int workspaceId, string key, string name, string document, IReadOnlyCollection<string>? moveWaitingAt, DateTimeOffset now, CancellationToken ct);

    /// <summary>A version of a journey (null: the newest), with the journey's status; null when there is none.</summary>
    Task<StoredJourney?> GetAsync(int workspaceId, string key, int? version, CancellationToken ct);

    /// <summary>The newest version of every journey of the workspace.</summary>
    Task<IReadOnlyList<StoredJourney>> ListAsync(int workspaceId, CancellationToken ct);

    /// <summary>
    /// Sets a journey's status, and records <see cref="Work.JourneyStatusChanged"/> in the same transaction (stopping ends
    /// every instance; resuming looks at each again); false when there is no such journey.
    /// </summary>
    Task<bool> SetStatusAsync(int workspaceId, string key, JourneyStatus status, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Applies the journey's status to its messages not yet let go, as setting it did (held while paused, queued while
    /// it runs, suppressed once stopped): for one a step queued while the status changed.
    /// </summary>
    Task SettleMessagesAsync(int workspaceId, string key, CancellationToken ct);

    /// <summary>Records that the journey's broadcasts and profile dates were looked at up to <paramref name="at"/>.</summary>
    Task MarkScheduleCheckedAsync(int workspaceId, string key, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Enters contacts, all in one transaction: for each, under a lock on the contact, reads their earlier instances of the
    /// journey; when its refusal of them is null, writes the new instance and its first step. Returns, in the order given,
    /// each instance with its id, or the reason it was refused.
    /// </summary>
    Task<IReadOnlyList<(JourneyInstance? Entered, string? Refused)>> EnterManyAsync(
        int workspaceId, IReadOnlyList<EntryWrite> entries, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Writes steps of stored instances, all in one transaction; each taken from its <see cref="StepWrite.Before"/>: the
    /// instance, its records, the messages (queued, carrying journey, version, node, variant and instance) and the actions
    /// (a trait set, a consent changed through the ledger, an event emitted, each recording its own work). Returns, in the
    /// order given, whether each was written: false when the instance no longer stands where it was taken from (its step
    /// count moved on: another node stepped it first) or the contact is gone, and nothing of that step is written.
    /// </summary>
    Task<IReadOnlyList<bool>> WriteStepsAsync(int workspaceId, IReadOnlyList<StepWrite> steps, DateTimeOffset now, CancellationToken ct);

    /// <summary>What a batch of steps of <paramref name="instances"/> reads of them and their contacts (at most <paramref name="mostEvents"/> events a contact).</summary>
    Task<JourneyReading> ReadAsync(int workspaceId, IReadOnlyList<JourneyInstance> instances, int mostEvents, CancellationToken ct);

    /// <summary>
    /// Adds a record to an instance from outside its steps (a webhook given up after its last attempt), numbered next: the
    /// step count moves on in the same transaction, so a step taken meanwhile from the old count is refused (and taken again)
    /// and no two records share a number. Any instance takes it, ended ones too; false when the instance is gone.
    /// </summary>
    Task<bool> AppendStepAsync(int workspaceId, long instanceId, StepRecord record, CancellationToken ct);

    /// <summary>Leases up to <paramref name="limit"/> active instances of active journeys whose due time has come, oldest due first.</summary>
    Task<IReadOnlyList<DueInstance>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct);

    /// <summary>A contact's instances, newest first (<paramref name="activeOnly"/>: only those on their way).</summary>
    Task<IReadOnlyList<JourneyInstance>> OfContactAsync(int workspaceId, long contactId, bool activeOnly, CancellationToken ct);

    Task<JourneyInstance?> InstanceAsync(int workspaceId, long instanceId, CancellationToken ct);

    /// <summary>The active instances of a journey, in id order after <paramref name="after"/> (for stopping and moving versions).</summary>
    Task<IReadOnlyList<JourneyInstance>> ActiveOfJourneyAsync(int workspaceId, string key, long after, int limit, CancellationToken ct);

    /// <summary>The steps an instance took, in order.</summary>
    Task<IReadOnlyList<StepRecord>> StepsAsync(int workspaceId, long instanceId, CancellationToken ct);

    /// <summary>The messages an instance requested, by node.</summary>
    Task<IReadOnlyList<SentMessage>> SentAsync(int workspaceId, long instanceId, CancellationToken ct);

    Task<JourneyCounts> CountsAsync(int workspaceId, string key, CancellationToken ct);

    /// <summary>The contact's tracked events with a timestamp at or after <paramref name="since"/>, oldest first (at most <paramref name="limit"/>).</summary>
    Task<IReadOnlyList<JourneyEvent>> EventsSinceAsync(int workspaceId, long contactId, DateTimeOffset since, int limit, CancellationToken ct);

    /// <summary>Tracked events by message id, with the contact each is about.</summary>
    Task<IReadOnlyList<(long ContactId, JourneyEvent Event)>> EventsAsync(int workspaceId, IReadOnlyCollection<string> messageIds, CancellationToken ct);
}

/// <summary>One entry or one step: the batch of one.</summary>
public static class JourneyStoreOfOne
{
    /// <summary>Enters one contact: <see cref="IJourneyStore.EnterManyAsync"/> of one.</summary>
    public static async Task<(JourneyInstance? Entered, string? Refused)> EnterAsync(this IJourneyStore store, int workspaceId, Stepped first,
        IReadOnlyList<JourneyMessage> messages, Func<IReadOnlyList<JourneyInstance>, string?> refusal, DateTimeOffset now, CancellationToken ct) =>
        (await store.EnterManyAsync(workspaceId, [new EntryWrite(first, messages, refusal)], now, ct))[0];

    /// <summary>Writes one step: <see cref="IJourneyStore.WriteStepsAsync"/> of one.</summary>
    public static async Task<bool> WriteStepAsync(this IJourneyStore store, int workspaceId, JourneyInstance before, Stepped step,
        IReadOnlyList<JourneyMessage> messages, DateTimeOffset now, CancellationToken ct) =>
        (await store.WriteStepsAsync(workspaceId, [new StepWrite(before, step, messages)], now, ct))[0];
}
