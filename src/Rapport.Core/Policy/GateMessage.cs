using Rapport.Core.Consent;

namespace Rapport.Core.Policy;

/// <summary>A message the gate is asked about: its channel, its topic (marketing needs one; transactional may have none) and its kind.</summary>
public sealed record GateMessage(Channel Channel, string? Topic, MessageKind Kind)
{
    public bool IsMarketing => Kind != MessageKind.Transactional;
}
