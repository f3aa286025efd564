using Rapport.Core.Messages;

namespace Rapport.Core.Ports;

/// <summary>A leased message the gate is asked about, with the address it goes to (what suppression is checked against; null: none).</summary>
public sealed record GateQuestion(OutboxMessage Message, string? Address);
