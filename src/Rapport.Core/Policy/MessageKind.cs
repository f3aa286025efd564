namespace Rapport.Core.Policy;

/// <summary>
/// What a message is to the gate, in the order of priority when caps are tight: a transactional message first (it is never
/// held by a marketing rule), then a journey's marketing, then a broadcast.
/// </summary>
public enum MessageKind
{
    Transactional,
    Journey,
    Broadcast,
}
