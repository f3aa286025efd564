using Rapport.Core.Workspaces;

namespace Rapport.Core.Ports;

public interface IWorkspaceStore
{
    Task<Workspace> GetOrCreateAsync(string name, DateTimeOffset now, CancellationToken ct);

    Task<Workspace?> FindAsync(string name, CancellationToken ct);

    /// <summary>The ids of every workspace.</summary>
    Task<IReadOnlyList<int>> IdsAsync(CancellationToken ct);

    Task<ApiKey> AddKeyAsync(int workspaceId, string name, ApiKeyRole role, string secretHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, with its workspace.</summary>
    Task<(ApiKey Key, Workspace Workspace)?> FindKeyAsync(string secretHash, CancellationToken ct);
}
