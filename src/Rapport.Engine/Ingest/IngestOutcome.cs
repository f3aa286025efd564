namespace Rapport.Engine.Ingest;

/// <summary>What became of a request's messages: stored, already stored, or rejected with the reason.</summary>
public sealed record IngestOutcome(int Stored, int Duplicates, IReadOnlyList<RejectedMessage> Rejected);

/// <param name="Field">The path of the field the reason concerns, when it concerns one ("properties.note").</param>
public sealed record RejectedMessage(int Index, string Reason, string? Field = null);
