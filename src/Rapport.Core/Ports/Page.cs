namespace Rapport.Core.Ports;

/// <summary>One page of a list; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
