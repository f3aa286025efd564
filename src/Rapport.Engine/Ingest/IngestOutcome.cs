namespace Rapport.Engine.Ingest;

/// <summary>What became of a request's messages: stored, already stored, or rejected with the reason.</summary>
public sealed record IngestOutcome(int Stored, int Duplicates, IReadOnlyList<RejectedMessage> Rejected);

public sealed record RejectedMessage(int Index, string Reason);
