using Rapport.Core.Work;

namespace Rapport.Core.Ports;

public interface ISettingStore
{
    /// <summary>The value of a setting, storing <paramref name="create"/>'s value first if there is none (the first writer wins).</summary>
    Task<string> GetOrAddAsync(int workspaceId, string key, Func<string> create, CancellationToken ct);

    Task<string?> GetAsync(int workspaceId, string key, CancellationToken ct);

    Task SetAsync(int workspaceId, string key, string value, CancellationToken ct);

    /// <summary>Sets the value and records the work it causes in the same transaction; returns the work's id.</summary>
    Task<long> SetAsync(int workspaceId, string key, string value, WorkItem then, DateTimeOffset now, CancellationToken ct);
}
