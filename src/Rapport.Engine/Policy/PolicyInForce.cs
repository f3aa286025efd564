using Rapport.Core.Policy;
using Rapport.Core.Ports;

namespace Rapport.Engine.Policy;

/// <summary>A version of the workspace's contact policy, read: <see cref="Stored"/> is null for the default policy (none saved).</summary>
public sealed record PolicyInForce(ContactPolicy Policy, StoredPolicy? Stored)
{
    public static readonly PolicyInForce Default = new(ContactPolicy.Default, null);

    public bool IsDefault => Stored is null;
}
