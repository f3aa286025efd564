using Rapport.Core.Consent;

namespace Rapport.Core.Ports;

/// <summary>Topics, consent texts, and the consent ledger with the subscriptions projected from it.</summary>
public interface IConsentStore
{
    Task<IReadOnlyList<Topic>> TopicsAsync(int workspaceId, CancellationToken ct);

    /// <summary>Creates or renames a topic.</summary>
    Task SaveTopicAsync(int workspaceId, Topic topic, DateTimeOffset now, CancellationToken ct);

    /// <summary>Adds the next version of the consent text <paramref name="key"/>.</summary>
    Task<ConsentText> AddConsentTextAsync(int workspaceId, string key, string locale, string text, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<ConsentText>> ConsentTextsAsync(int workspaceId, CancellationToken ct);

    /// <summary>
    /// Appends <paramref name="record"/> to the ledger and updates the subscriptions it changes, in one
    /// transaction; a record that changes nothing is not written.
    /// </summary>
    Task<ConsentOutcome> RecordAsync(int workspaceId, ConsentRecord record, CancellationToken ct);

    Task<IReadOnlyList<Subscription>> SubscriptionsAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>The contact's ledger records, oldest first.</summary>
    Task<IReadOnlyList<ConsentRecord>> HistoryAsync(int workspaceId, long contactId, CancellationToken ct);
}
