using System.Text.Json.Serialization;
using Rapport.Core.Events;

namespace Rapport.Core.Work;

/// <summary>
/// Background work, recorded in the same transaction as the change that causes it, so nothing acknowledged is
/// lost and any node can do it. A queue's worker claims items with a lease, does them, and records them done;
/// doing an item twice (after a crash, or a lease that ran out) changes nothing the first time did not.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ContactsChanged), ContactsChanged.Kind)]
[JsonDerivedType(typeof(SegmentSaved), SegmentSaved.Kind)]
[JsonDerivedType(typeof(RevalueRequested), RevalueRequested.Kind)]
[JsonDerivedType(typeof(FullRefreshDue), FullRefreshDue.Kind)]
[JsonDerivedType(typeof(EventsTracked), EventsTracked.Kind)]
[JsonDerivedType(typeof(JourneyStatusChanged), JourneyStatusChanged.Kind)]
[JsonDerivedType(typeof(WebhookDue), WebhookDue.Kind)]
public abstract record WorkItem
{
    /// <summary>The item's kind as stored and shown (GET /api/v1/work).</summary>
    [JsonIgnore]
    public abstract string KindName { get; }
}

/// <summary>
/// Something about some contacts (or, <paramref name="Everyone"/>, about all of them) changed: their profile,
/// their subscriptions, new events of these names, their value or stage; or (<paramref name="Merged"/>) anything,
/// as they absorbed another contact and its events. <paramref name="From"/> names the queue whose work made the
/// change (null: a change from outside), which is not told of its own changes.
/// </summary>
public sealed record ContactsChanged(
    IReadOnlyList<long> Contacts, bool Profile = false, bool Consent = false, IReadOnlyList<string>? Events = null,
    bool Value = false, bool Merged = false, bool Everyone = false, string? From = null) : WorkItem
{
    public const string Kind = "contacts-changed";

    public override string KindName => Kind;

    /// <summary>The names of the events the change added (never null).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> EventNames => Events ?? [];

    /// <summary>What stored tracking messages changed about the contacts they were about.</summary>
    public static ContactsChanged Tracked(IReadOnlyCollection<TrackingMessage> messages, IReadOnlyList<long> contacts) => new(
        contacts,
        Profile: messages.Any(m => m.Type is MessageType.Identify or MessageType.Alias),
        Events: messages.Where(m => m.Type == MessageType.Track && m.Name is not null).Select(m => m.Name!).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>A change to the profiles of <paramref name="contacts"/>.</summary>
    public static ContactsChanged ProfileOf(IReadOnlyList<long> contacts) => new(contacts, Profile: true);

    /// <summary>Anything about <paramref name="contacts"/> may have changed (an erasure, an import that rewrote them).</summary>
    public static ContactsChanged AnythingOf(IReadOnlyList<long> contacts) => new(contacts, Profile: true, Consent: true, Merged: true);
}

/// <summary>A segment was saved (a new version) or deleted: it and the segments that refer to it are evaluated for everyone.</summary>
public sealed record SegmentSaved(string Segment) : WorkItem
{
    public const string Kind = "segment-saved";

    public override string KindName => Kind;
}

/// <summary>An operator asked, or the value settings or the ladder changed: everyone is rated anew and put on their stage.</summary>
public sealed record RevalueRequested : WorkItem
{
    public const string Kind = "revalue-requested";

    public override string KindName => Kind;
}

/// <summary>
/// Scheduled: the queue's worker refreshes everything it keeps (segments passing time windows, stages, every value),
/// for every workspace, and schedules the next one. One node claims it; no timer runs on every node.
/// </summary>
public sealed record FullRefreshDue : WorkItem
{
    public const string Kind = "full-refresh-due";

    public override string KindName => Kind;
}

/// <summary>
/// Named events were recorded on contacts' timelines (tracked, or Rapport's own such as Segment Entered): journeys they
/// trigger take the contacts in, and instances waiting for them, or ended by them, move on. Named by message id, so the
/// worker reads exactly these events, whatever order their transactions committed in.
/// </summary>
public sealed record EventsTracked(IReadOnlyList<string> MessageIds) : WorkItem
{
    public const string Kind = "events-tracked";

    public override string KindName => Kind;

    /// <summary>The named events among stored tracking messages.</summary>
    public static EventsTracked Tracked(IEnumerable<TrackingMessage> messages) =>
        new(messages.Where(m => m.Type == MessageType.Track && m.Name is not null).Select(m => m.MessageId).ToList());
}

/// <summary>
/// A journey was stopped (every active instance exits with the reason) or resumed (every active instance looks again at
/// once, so answers that came while it was paused count now). Recorded with the change of status.
/// </summary>
public sealed record JourneyStatusChanged(string Journey, Ports.JourneyStatus Status) : WorkItem
{
    public const string Kind = "journey-status-changed";

    public override string KindName => Kind;
}

/// <summary>
/// A journey's action node asks for a webhook: <paramref name="Body"/> (the JSON text sent, made once in the step's
/// transaction, so every attempt sends and signs the same bytes) is posted to <paramref name="Url"/>. Named by the
/// instance, the node and the number of the step that passed it, which make its idempotency key.
/// </summary>
public sealed record WebhookDue(Uri Url, string Body, long Instance, string Node, int Step) : WorkItem
{
    public const string Kind = "webhook-due";

    public override string KindName => Kind;

    /// <summary>The same on every attempt, so the receiver can tell a retry from a new call: "instance:step:node".</summary>
    [JsonIgnore]
    public string IdempotencyKey => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Instance}:{Step}:{Node}");
}
