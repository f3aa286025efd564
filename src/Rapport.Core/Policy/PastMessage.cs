using Rapport.Core.Consent;

namespace Rapport.Core.Policy;

/// <summary>A message already sent to the person, as the gate counts it.</summary>
public sealed record PastMessage(Channel Channel, string? Topic, MessageKind Kind, DateTimeOffset SentAt)
{
    public bool IsMarketing => Kind != MessageKind.Transactional;
}
