namespace Rapport.Core.Workspaces;

/// <summary>What asking to revoke a key did.</summary>
public enum KeyRevocation
{
    Revoked,
    AlreadyRevoked,
    NotFound,

    /// <summary>Refused: the key is the workspace's last admin key that still works.</summary>
    LastAdminKey,
}
