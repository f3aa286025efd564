namespace Rapport.Core.Policy;

/// <summary>
/// How many marketing messages a person may get on one channel in a local calendar day, a week (from Monday) and a
/// month, counted in their time zone. Null: no cap for that window.
/// </summary>
public sealed record ChannelCaps(int? PerDay, int? PerWeek, int? PerMonth)
{
    public static readonly ChannelCaps None = new(null, null, null);
}
