namespace Rapport.Core.Work;

/// <summary>
/// What happens to an item whose work failed: it is tried again after 5, 10, 20 and 40 s, and at the fifth failure in
/// a row it is parked as failed with its reason (GET /api/v1/work?status=failed), so one bad item holds up no other.
/// </summary>
public static class WorkRetry
{
    /// <summary>The failed attempts in a row that park an item.</summary>
    public const int ParkAt = 5;

    /// <summary>The longest reason kept.</summary>
    public const int MaxReason = 1000;

    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(5);

    /// <summary>When to try again after the <paramref name="failures"/>-th failure in a row; null: park it.</summary>
    public static TimeSpan? WaitAfter(int failures) =>
        failures >= ParkAt ? null : FirstWait * Math.Pow(2, Math.Max(0, failures - 1));

    /// <summary>The reason as kept: at most <see cref="MaxReason"/> characters.</summary>
    public static string Reason(string reason) => reason.Length <= MaxReason ? reason : reason[..MaxReason];
}
