namespace Rapport.Core.Ports;

/// <summary>Templates in versions, as segments and journeys are: a version is never changed once stored.</summary>
public interface ITemplateStore
{
    /// <summary>Stores the next version of a template and returns its number.</summary>
    Task<int> SaveAsync(int workspaceId, string key, string name, string channel, string document, DateTimeOffset now, CancellationToken ct);

    /// <summary>Deletes a template (a version that says so: the versions before it stay readable). False when there is no such template.</summary>
    Task<bool> DeleteAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct);

    /// <summary>The newest version of every template that is not deleted.</summary>
    Task<IReadOnlyList<StoredTemplate>> CurrentAsync(int workspaceId, CancellationToken ct);

    /// <summary>
    /// A version of a template (null: the newest); null when there is none, or when the newest is asked for and the
    /// template is deleted. A given version stays readable after the template is deleted.
    /// </summary>
    Task<StoredTemplate?> GetAsync(int workspaceId, string key, int? version, CancellationToken ct);

    /// <summary>Every version of a template, newest first.</summary>
    Task<IReadOnlyList<TemplateVersion>> VersionsAsync(int workspaceId, string key, CancellationToken ct);
}
