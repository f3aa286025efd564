using System.Text.Json.Nodes;
using Rapport.Core.Policy;
using Rapport.Core.Ports;
using Rapport.Engine.Policy;

namespace Rapport.Server.Api;

/// <summary>
/// The contact policy as the API shows it: its version (null with <paramref name="IsDefault"/>: none was saved, the default
/// is in force), when it was saved, the rules with every field written (<paramref name="Policy"/>), and every version,
/// newest first.
/// </summary>
public sealed record PolicyView(int? Version, bool IsDefault, DateTimeOffset? UpdatedAt, JsonObject Policy, IReadOnlyList<PolicyVersion> Versions)
{
    public static PolicyView Of(PolicyInForce policy, IReadOnlyList<PolicyVersion> versions) =>
        new(policy.Stored?.Version, policy.IsDefault, policy.Stored?.CreatedAt, ContactPolicyJson.Write(policy.Policy), versions);
}
