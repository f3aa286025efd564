using Rapport.Core.Consent;
using Rapport.Core.Journeys;

namespace Rapport.Core.Policy;

/// <summary>
/// A workspace's contact strategy (MISSION.md, "Contact strategy"), as the gate applies it to every marketing message:
/// caps per channel per local day, week and month; a minimum interval between any two marketing messages on any channel;
/// quiet hours per channel in the person's time zone; and whether transactional messages fill the caps too (they are
/// never held by them). A versioned document read by <see cref="ContactPolicyJson"/>.
/// </summary>
/// <param name="Caps">Per channel; a channel not named has no caps.</param>
/// <param name="MinimumInterval">Null: none. Days, weeks and months are counted on the person's calendar; hours are elapsed time.</param>
/// <param name="QuietHours">Per channel; a channel not named has none.</param>
/// <param name="TransactionalCounts">Whether transactional messages are counted toward the caps (default: no).</param>
public sealed record ContactPolicy(
    IReadOnlyDictionary<Channel, ChannelCaps> Caps,
    JourneyPeriod? MinimumInterval,
    IReadOnlyDictionary<Channel, QuietHours> QuietHours,
    bool TransactionalCounts)
{
    /// <summary>
    /// The policy of a workspace that has written none, and the value of each top-level field a document leaves out:
    /// e-mail at most 2 a day and 7 a week; SMS at most 1 a day and 3 a week; phone at most 1 a day and 2 a week; post at
    /// most 2 a week; an hour at least between two marketing messages; no SMS or calls 21:00–08:00 local time; transactional
    /// messages not counted.
    /// </summary>
    public static readonly ContactPolicy Default = new(
        new Dictionary<Channel, ChannelCaps>
        {
            [Channel.Email] = new(2, 7, null),
            [Channel.Sms] = new(1, 3, null),
            [Channel.Phone] = new(1, 2, null),
            [Channel.Post] = new(null, 2, null),
        },
        JourneyPeriod.Parse("PT1H"),
        new Dictionary<Channel, QuietHours>
        {
            [Channel.Sms] = new(new NodaTime.LocalTime(21, 0), new NodaTime.LocalTime(8, 0)),
            [Channel.Phone] = new(new NodaTime.LocalTime(21, 0), new NodaTime.LocalTime(8, 0)),
        },
        TransactionalCounts: false);

    /// <summary>No rule at all: every message the person consented to goes at once.</summary>
    public static readonly ContactPolicy None = new(new Dictionary<Channel, ChannelCaps>(), null, new Dictionary<Channel, QuietHours>(), false);

    public ChannelCaps CapsOf(Channel channel) => Caps.TryGetValue(channel, out var caps) ? caps : ChannelCaps.None;

    public QuietHours? QuietHoursOf(Channel channel) => QuietHours.TryGetValue(channel, out var quiet) ? quiet : null;
}
