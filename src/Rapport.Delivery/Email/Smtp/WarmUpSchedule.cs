namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// How a new sending domain warms up (configuration Rapport:Smtp:WarmUp): on day 1 (<paramref name="Start"/>, a UTC date)
/// at most Daily[0] e-mails, on day 2 Daily[1] and so on; after the list, no cap. Days before the start take day 1's cap.
/// </summary>
public sealed record WarmUpSchedule(DateOnly Start, IReadOnlyList<int> Daily)
{
    /// <summary>The most e-mails that may go on <paramref name="day"/>, and which day of the warm-up it is; null after it.</summary>
    public (int Cap, int Day)? CapOn(DateOnly day)
    {
        var index = Math.Max(0, day.DayNumber - Start.DayNumber);
        return index < Daily.Count ? (Daily[index], index + 1) : null;
    }
}
