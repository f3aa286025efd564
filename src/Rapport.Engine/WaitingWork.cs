namespace Rapport.Engine;

/// <summary>The state of one queue of background work: how many items wait, and how long the oldest has waited.</summary>
public sealed record WaitingWork(string Queue, long Waiting, double OldestAgeSeconds);
