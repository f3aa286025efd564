namespace Rapport.Engine.Work;

/// <summary>
/// The times of the background work: how long a leased batch is a worker's (<paramref name="Lease"/>), how often every
/// segment and every stage is refreshed for everyone (<paramref name="FullRefresh"/>; time windows pass), and how often
/// everyone's value is rated against everyone (<paramref name="FullRating"/>).
/// </summary>
public sealed record WorkTimes(TimeSpan Lease, TimeSpan FullRefresh, TimeSpan FullRating)
{
    public static WorkTimes Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromDays(1));
}
