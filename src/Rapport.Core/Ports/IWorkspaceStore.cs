using Rapport.Core.Workspaces;

namespace Rapport.Core.Ports;

public interface IWorkspaceStore
{
    Task<Workspace> GetOrCreateAsync(string name, DateTimeOffset now, CancellationToken ct);

    Task<Workspace?> FindAsync(string name, CancellationToken ct);

    /// <summary>The ids of every workspace.</summary>
    Task<IReadOnlyList<int>> IdsAsync(CancellationToken ct);

    /// <param name="hint">What lists show of the secret (<see cref="ApiKey.HintOf"/>).</param>
    Task<ApiKey> AddKeyAsync(int workspaceId, string name, ApiKeyRole role, string secretHash, string hint, DateTimeOffset now, CancellationToken ct);

    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, with its workspace; none if revoked.</summary>
    Task<(ApiKey Key, Workspace Workspace)?> FindKeyAsync(string secretHash, CancellationToken ct);

    /// <summary>The workspace's keys, revoked ones too, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> KeysAsync(int workspaceId, CancellationToken ct);

    /// <summary>
    /// Revokes the workspace's key <paramref name="keyId"/> for good and counts up <see cref="KeyRevisionAsync"/>, in one
    /// transaction. With <paramref name="keepOneAdminKey"/>, the workspace's last working admin key is not revoked.
    /// </summary>
    Task<KeyRevocation> RevokeKeyAsync(int workspaceId, long keyId, bool keepOneAdminKey, DateTimeOffset now, CancellationToken ct);

    /// <summary>A number every revocation counts up: whoever remembers keys asks it to know whether they still work.</summary>
    Task<long> KeyRevisionAsync(CancellationToken ct);
}
