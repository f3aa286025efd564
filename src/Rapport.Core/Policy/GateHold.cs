using NodaTime;

namespace Rapport.Core.Policy;

/// <summary>One rule that holds a message back at a moment: the earliest moment that rule lets it go, and why.</summary>
internal sealed record GateHold(Instant Until, string Reason);
