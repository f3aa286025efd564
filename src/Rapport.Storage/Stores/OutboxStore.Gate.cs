using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Policy;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

/// <summary>
/// The outbox's side of the gate: a round of leased messages decided in one write transaction, workspace by workspace
/// and person by person. On PostgreSQL the round's contacts are locked first (gate-lock), so a second dispatcher
/// deciding for one of them waits and then reads what the first let go; on SQLite the single writer does the same. A
/// message ended meanwhile by something else (its contact deleted) keeps its end and gets no decision.
/// </summary>
public sealed partial class OutboxStore
{
    /// <summary>Why a message to a contact who is no longer there never goes.</summary>
    public const string ContactGone = "the contact is no longer there (deleted, erased or merged into another)";

    public Task<IReadOnlyDictionary<long, GateDecision>> DecideAsync(IReadOnlyList<GateQuestion> messages, DateTimeOffset since,
        Func<PersonAtGate, IReadOnlyList<MessageDecision>> decide, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync<IReadOnlyDictionary<long, GateDecision>>(async (c, tx) =>
        {
            var decided = new Dictionary<long, GateDecision>();
            foreach (var workspace in messages.GroupBy(m => m.Message.WorkspaceId).OrderBy(g => g.Key))
            {
                foreach (var person in await PeopleAsync(c, tx, workspace.Key, workspace.ToList(), since))
                {
                    var decisions = person.Facts is null
                        ? person.Messages.Select(_ => new MessageDecision(new GateDecision.Suppress(ContactGone), null, now)).ToList()
                        : decide(new PersonAtGate(workspace.Key, person.ContactId, person.Messages, person.Suppressed, person.Facts));
                    for (var i = 0; i < person.Messages.Count; i++)
                    {
                        if (await RecordAsync(c, tx, person.Messages[i].Message, decisions[i], now))
                        {
                            decided[person.Messages[i].Message.Id] = decisions[i].Decision;
                        }
                    }
                }
            }

            return decided;
        }, WriteEffect.KeepsIdentities, ct);

    public async Task<IReadOnlyList<MessageDecision>> DecisionsAsync(int workspaceId, long messageId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<DecisionRow>(db.Queries[Q.DecisionsOfMessage], new { WorkspaceId = workspaceId, MessageId = messageId }), ct))
        .Select(r => r.ToDecision()).ToList();

    /// <summary>A person of the round: their messages, why each address is suppressed, and their facts (null: the contact is gone).</summary>
    private sealed record Person(long? ContactId, List<GateQuestion> Messages, List<SuppressionReason?> Suppressed, GateFacts? Facts);

    /// <summary>The people of one workspace's share of the round, their contacts locked (PostgreSQL) and their facts read.</summary>
    private async Task<List<Person>> PeopleAsync(DbConnection c, DbTransaction tx, int workspaceId, List<GateQuestion> questions, DateTimeOffset since)
    {
        var ids = db.List(questions.Select(q => q.Message.ContactId).OfType<long>().Distinct().Order().ToList());
        if (db.Dialect == Dialect.Postgres)
        {
            await c.ExecuteAsync(db.Queries[Q.GateLock], new { Ids = ids }, tx);
        }

        var zones = (await c.QueryAsync<(long Id, string? TimeZone)>(db.Queries[Q.GateContacts], new { WorkspaceId = workspaceId, Ids = ids }, tx))
            .ToDictionary(z => z.Id, z => z.TimeZone);
        var subscriptions = (await c.QueryAsync<SubscriptionRow>(db.Queries[Q.JourneySubscriptions], new { WorkspaceId = workspaceId, Ids = ids }, tx))
            .Select(r => r.ToSubscription()).ToLookup(s => s.ContactId);
        var round = questions.Select(q => q.Message.Id).ToHashSet();
        var sent = (await c.QueryAsync<HistoryRow>(db.Queries[Q.GateHistory], new { WorkspaceId = workspaceId, Ids = ids, Since = UnixMs.Of(since) }, tx))
            .Where(h => !round.Contains(h.Id)).ToLookup(h => h.ContactId, h => h.ToPast());
        var hashes = questions.Select(Address).OfType<(string Kind, string Hash)>().Select(a => a.Hash).Distinct().ToList();
        var suppressed = (await c.QueryAsync<(string Kind, string Hash, string Reason)>(db.Queries[Q.GateSuppressions],
                new { WorkspaceId = workspaceId, Hashes = db.List(hashes) }, tx))
            .ToDictionary(s => (s.Kind, s.Hash), s => ConsentRecordRow.Parse<SuppressionReason>(s.Reason));

        return questions.GroupBy(q => (q.Message.ContactId, Alone: q.Message.ContactId is null ? q.Message.Id : 0))
            .Select(g =>
            {
                var contact = g.Key.ContactId;
                GateFacts? facts = contact is not { } id
                    ? new GateFacts(null, [], null, [], [])
                    : zones.TryGetValue(id, out var zone) ? new GateFacts(null, [.. subscriptions[id]], zone, [.. sent[id]], []) : null;
                return new Person(contact, [.. g], [.. g.Select(q => Address(q) is { } a && suppressed.TryGetValue(a, out var r) ? r : (SuppressionReason?)null)], facts);
            }).ToList();
    }

    /// <summary>The kind and hash of the address a message goes to, as suppression keeps them; null when it has none a suppression could name.</summary>
    private static (string Kind, string Hash)? Address(GateQuestion q) => (q.Address, AddressKind(q.Message.Channel)) is ({ Length: > 0 } address, { } kind)
        ? (WireName.Of(kind), Suppression.HashOf(kind, address))
        : null;

    private static SuppressionKind? AddressKind(Channel channel) => channel switch
    {
        Channel.Email => SuppressionKind.Email,
        Channel.Sms or Channel.Phone => SuppressionKind.Phone,
        Channel.Post => null,
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Records a decision on its message: its status, due time and reason, and the decision in the message's list. False,
    /// with nothing recorded, when the message was ended meanwhile.
    /// </summary>
    private async Task<bool> RecordAsync(DbConnection c, DbTransaction tx, OutboxMessage message, MessageDecision decision, DateTimeOffset now)
    {
        switch (decision.Decision)
        {
            case GateDecision.Send:
                if (await c.ExecuteAsync(db.Queries[Q.MessageLetGo], new { message.Id, Now = UnixMs.Of(now) }, tx) == 0)
                {
                    return false;
                }

                break;
            case GateDecision.Defer defer:
                if (await c.QueryFirstOrDefaultAsync<MarkedRow>(db.Queries[Q.MessageHold], Hold(message.Id, MessageStatus.Deferred, defer.Reason, defer.Until), tx)
                    is not { } held)
                {
                    return false;
                }

                await TellAsync(db, c, tx, held, held.Deferred(defer.Until, defer.Reason), now);
                break;
            case GateDecision.Suppress suppress:
                if (await c.QueryFirstOrDefaultAsync<MarkedRow>(db.Queries[Q.MessageHold], Hold(message.Id, MessageStatus.Suppressed, suppress.Reason, now), tx) is null)
                {
                    return false;
                }

                break;
            default:
                throw new UnreachableException();
        }

        await c.ExecuteAsync(db.Queries[Q.DecisionInsert], DecisionRow.Of(message, decision), tx);
        return true;
    }

    private static object Hold(long id, MessageStatus status, string reason, DateTimeOffset due) =>
        new { Id = id, Status = WireName.Of(status), Reason = reason, DueAt = UnixMs.Of(due) };

    private sealed class HistoryRow
    {
        public long Id { get; init; }
        public long ContactId { get; init; }
        public string Channel { get; init; } = "";
        public string? Topic { get; init; }
        public string Purpose { get; init; } = "";
        public long SentAt { get; init; }

        public PastMessage ToPast() =>
            new(ConsentRecordRow.Parse<Channel>(Channel), Topic, MessagePurposes.KindOf(Purpose), UnixMs.ToTime(SentAt));
    }

    private sealed class DecisionRow
    {
        public int WorkspaceId { get; init; }
        public long MessageId { get; init; }
        public string Decision { get; init; } = "";
        public long? DeferredUntil { get; init; }
        public string? Reason { get; init; }
        public int? PolicyVersion { get; init; }
        public long At { get; init; }

        public static DecisionRow Of(OutboxMessage message, MessageDecision d) => d.Decision switch
        {
            GateDecision.Send => Row(message, d, "send", null, null),
            GateDecision.Defer defer => Row(message, d, "defer", UnixMs.Of(defer.Until), defer.Reason),
            GateDecision.Suppress suppress => Row(message, d, "suppress", null, suppress.Reason),
            _ => throw new UnreachableException(),
        };

        private static DecisionRow Row(OutboxMessage message, MessageDecision d, string decision, long? until, string? reason) => new()
        {
            WorkspaceId = message.WorkspaceId, MessageId = message.Id, Decision = decision, DeferredUntil = until, Reason = reason,
            PolicyVersion = d.PolicyVersion, At = UnixMs.Of(d.At),
        };

        public MessageDecision ToDecision() => new(Decision switch
        {
            "send" => new GateDecision.Send(),
            "defer" => new GateDecision.Defer(UnixMs.ToTime(DeferredUntil ?? At), Reason ?? ""),
            "suppress" => new GateDecision.Suppress(Reason ?? ""),
            _ => throw new InvalidDataException($"'{Decision}' is not a decision of the gate."),
        }, PolicyVersion, UnixMs.ToTime(At));
    }
}
