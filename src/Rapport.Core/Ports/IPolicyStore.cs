namespace Rapport.Core.Ports;

/// <summary>
/// The workspace's contact policy in versions, as segments, journeys and templates are: a version is never changed once
/// stored, and the newest is the one in force. No version: the default policy is.
/// </summary>
public interface IPolicyStore
{
    /// <summary>
    /// Stores <paramref name="document"/> as the next version, unless it is the newest version's document already: then
    /// that version is kept (saving the same rules twice makes no new version). Returns the version in force after it.
    /// </summary>
    Task<StoredPolicy> SaveAsync(int workspaceId, string document, DateTimeOffset now, CancellationToken ct);

    /// <summary>A version (null: the newest); null when there is none.</summary>
    Task<StoredPolicy?> GetAsync(int workspaceId, int? version, CancellationToken ct);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<PolicyVersion>> VersionsAsync(int workspaceId, CancellationToken ct);
}
