using Rapport.Core.Segments;
using Rapport.Core.Value;

namespace Rapport.Core.Ports;

/// <summary>Customer value: the purchase events it is computed from, and the computed values.</summary>
public interface IValueStore
{
    /// <summary>The purchase events (<see cref="PurchaseHistory.EventNames"/>) of <paramref name="contacts"/> or (null) everyone, in the order they were stored.</summary>
    IAsyncEnumerable<(long ContactId, EventFact Event)> PurchasesAsync(int workspaceId, IReadOnlyCollection<long>? contacts, CancellationToken ct);

    /// <summary>Replaces the stored values of <paramref name="contacts"/> (null: of everyone) with <paramref name="values"/>.</summary>
    Task WriteAsync(int workspaceId, IReadOnlyCollection<long>? contacts, IReadOnlyList<ContactValue> values, DateTimeOffset now, CancellationToken ct);

    Task<ContactValue?> GetAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>How many contacts have a value, per group (null: in no group).</summary>
    Task<IReadOnlyList<(ValueGroup? Group, int Contacts)>> GroupsAsync(int workspaceId, CancellationToken ct);
}
