using Rapport.Core.Policy;

namespace Rapport.Core.Ports;

/// <summary>A decision of the gate as recorded on a message: what it said, under which version of the contact policy (null: the default), and when.</summary>
public sealed record MessageDecision(GateDecision Decision, int? PolicyVersion, DateTimeOffset At);
