using System.Collections.Concurrent;
using System.Text.Json;
using Rapport.Core.Policy;
using Rapport.Core.Ports;
using Rapport.Core.Validation;

namespace Rapport.Engine.Policy;

/// <summary>
/// The workspaces' contact policies: saved through <see cref="SaveAsync"/> once <see cref="ContactPolicyJson"/> has read
/// them, in the form it writes back (every field written, so the same rules saved twice make no new version, however
/// they were written), and read per version, parsed once per process. The API, `rapport apply` and the dispatcher share it.
/// </summary>
public sealed class ContactPolicies(IPolicyStore store, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(int Workspace, int Version), ContactPolicy> _parsed = new();

    /// <summary>Stores <paramref name="document"/> as the policy in force (a new version unless it is the same rules); null, with the errors by path, when it is wrong.</summary>
    public async Task<PolicyInForce?> SaveAsync(int workspaceId, JsonElement document, FieldErrors errors, CancellationToken ct)
    {
        if (ContactPolicyJson.Read(document, errors) is not { } policy)
        {
            return null;
        }

        var stored = await store.SaveAsync(workspaceId, ContactPolicyJson.Write(policy).ToJsonString(), clock.GetUtcNow(), ct);
        _parsed.TryAdd((workspaceId, stored.Version), policy);
        return new PolicyInForce(policy, stored);
    }

    /// <summary>The policy in force: the newest version, or the default when none was saved.</summary>
    public async Task<PolicyInForce> InForceAsync(int workspaceId, CancellationToken ct) =>
        await VersionAsync(workspaceId, null, ct) ?? PolicyInForce.Default;

    /// <summary>A stored version (null: the newest); null when there is none.</summary>
    public async Task<PolicyInForce?> VersionAsync(int workspaceId, int? version, CancellationToken ct) =>
        await store.GetAsync(workspaceId, version, ct) is { } stored
            ? new PolicyInForce(_parsed.GetOrAdd((workspaceId, stored.Version), _ => Parse(stored)), stored)
            : null;

    /// <summary>A stored document reads (it was checked when saved); one that no longer would is a bug, said with its version.</summary>
    private static ContactPolicy Parse(StoredPolicy stored)
    {
        using var json = JsonDocument.Parse(stored.Document);
        var errors = new FieldErrors();
        return ContactPolicyJson.Read(json.RootElement, errors)
            ?? throw new InvalidDataException($"Version {stored.Version} of the contact policy no longer reads: {errors}.");
    }
}
