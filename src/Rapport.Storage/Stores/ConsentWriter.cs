using Rapport.Core.Work;
using System.Data.Common;
using Dapper;
using Rapport.Core.Consent;

namespace Rapport.Storage.Stores;

/// <summary>
/// Records one consent change inside a caller's transaction (the consent API, a signup, a tracked
/// "Consent Granted" event): the ledger record and the subscriptions it changes, or nothing at all.
/// </summary>
internal static class ConsentWriter
{
    public static async Task<ConsentOutcome> RecordAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, ConsentRecord record)
    {
        var ids = new { WorkspaceId = workspaceId, record.ContactId };
        if (await c.ExecuteScalarAsync<long?>(db.Queries[Q.ConsentContactLock], ids, tx) is null)
        {
            throw new InvalidOperationException($"Contact {record.ContactId} does not exist in workspace {workspaceId}.");
        }

        var topics = record.Topic is { } topic
            ? [topic]
            : (await c.QueryAsync<string>(db.Queries[Q.TopicKeys], ids, tx)).ToList();
        var current = (await c.QueryAsync<SubscriptionRow>(db.Queries[Q.SubscriptionsByContact], ids, tx))
            .Select(r => r.ToSubscription())
            .ToDictionary(s => (s.Topic, s.Channel));
        var covered = ConsentLedger.Covered(record, topics)
            .Select(k => current.GetValueOrDefault(k) ?? Subscription.Empty(record.ContactId, k.Topic, k.Channel));
        var changed = ConsentLedger.Changes(covered, record);
        if (changed.Count == 0)
        {
            return new ConsentOutcome(changed);
        }

        await c.ExecuteAsync(db.Queries[Q.ConsentRecordInsert], ConsentRecordRow.From(workspaceId, record), tx);
        foreach (var subscription in changed)
        {
            await c.ExecuteAsync(db.Queries[Q.SubscriptionUpsert], SubscriptionRow.From(workspaceId, subscription), tx);
        }

        await WorkItems.RecordAsync(db, c, tx, workspaceId, new ContactsChanged([record.ContactId], Consent: true), record.At);

        return new ConsentOutcome(changed);
    }
}
