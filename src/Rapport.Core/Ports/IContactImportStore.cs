using Rapport.Core.Contacts;

namespace Rapport.Core.Ports;

/// <summary>Bulk upsert of contacts from an import, by external id, else e-mail, else phone.</summary>
public interface IContactImportStore
{
    Task<ImportBatchSummary> UpsertAsync(int workspaceId, IReadOnlyList<ContactChanges> rows, DateTimeOffset now, CancellationToken ct);
}

public sealed record ImportBatchSummary(int Created, int Updated);
