namespace Rapport.Core.Ports;

public interface ISettingStore
{
    /// <summary>The value of a setting, storing <paramref name="create"/>'s value first if there is none (the first writer wins).</summary>
    Task<string> GetOrAddAsync(int workspaceId, string key, Func<string> create, CancellationToken ct);

    Task<string?> GetAsync(int workspaceId, string key, CancellationToken ct);

    Task SetAsync(int workspaceId, string key, string value, CancellationToken ct);
}
