namespace Rapport.Core.Templates;

/// <summary>
/// What one render may take, so that a marketer's loop cannot stall a sender: statements executed, nesting, characters
/// written per part, items in a collection; the deadline is the caller's cancellation.
/// </summary>
public sealed record RenderLimits(int MaxSteps, int MaxRecursion, int MaxOutputChars, int MaxCollectionSize)
{
    public static RenderLimits Default { get; } = new(MaxSteps: 200_000, MaxRecursion: 20, MaxOutputChars: 1_000_000, MaxCollectionSize: 10_000);
}
