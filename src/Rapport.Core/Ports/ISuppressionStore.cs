using Rapport.Core.Consent;

namespace Rapport.Core.Ports;

public interface ISuppressionStore
{
    /// <summary>Adds an address (e-mail or E.164 phone); adding it again keeps the first reason.</summary>
    Task AddAsync(int workspaceId, SuppressionKind kind, string address, SuppressionReason reason, DateTimeOffset now, CancellationToken ct);

    Task<bool> IsSuppressedAsync(int workspaceId, SuppressionKind kind, string address, CancellationToken ct);

    Task<IReadOnlyList<Suppression>> ListAsync(int workspaceId, CancellationToken ct);
}
