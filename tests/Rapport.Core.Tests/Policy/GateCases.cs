using CsCheck;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Policy;

namespace Rapport.Core.Tests.Policy;

/// <summary>A random question to the gate: a policy, a person's zone, frequency and history, a message and now.</summary>
internal sealed record GateCase(ContactPolicy Policy, string Zone, Frequency Frequency, GateMessage Message, IReadOnlyList<PastMessage> Sent, DateTimeOffset Now)
{
    public GateFacts Facts => new(null, [Gates.Subscribed(frequency: Frequency), Gates.Subscribed(channel: Channel.Sms, frequency: Frequency)], Zone, Sent, []);

    public override string ToString() =>
        $"now {Now:O} in {Zone}, {Message}, frequency {Frequency}; caps {string.Join(", ", Policy.Caps.Select(c => $"{c.Key}: {c.Value}"))}; "
        + $"interval {Policy.MinimumInterval}; quiet {string.Join(", ", Policy.QuietHours.Select(q => $"{q.Key}: {q.Value}"))}; "
        + $"transactional counts {Policy.TransactionalCounts}; sent [{string.Join(", ", Sent.Select(s => $"{s.Channel}/{s.Topic}/{s.Kind}@{s.SentAt:O}"))}]";
}

/// <summary>The generators of <see cref="GateCase"/>: zones with odd offsets and DST, many collisions at window edges.</summary>
internal static class GateCases
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> Zones =
        Gen.OneOfConst(Gates.Warsaw, Gates.Auckland, Gates.LosAngeles, "UTC", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago");

    private static readonly Gen<Channel> Channels = Gen.OneOfConst(Channel.Email, Channel.Sms);

    private static readonly Gen<ChannelCaps> Caps = Gen.Select(Gen.Int[1, 4].Nullable(0.5), Gen.Int[1, 6].Nullable(0.5), Gen.Int[1, 10].Nullable(0.5),
        (day, week, month) => new ChannelCaps(day, week, month));

    private static readonly Gen<QuietHours?> Quiet = Gen.Select(Gen.Int[0, 95], Gen.Int[0, 95])
        .Where(p => p.Item1 != p.Item2)
        .Select((start, end) => new QuietHours(LocalTime.Midnight.PlusMinutes(start * 15), LocalTime.Midnight.PlusMinutes(end * 15)))
        .Null(0.4);

    private static readonly Gen<JourneyPeriod?> Intervals =
        Gen.OneOfConst<string?>(null, null, "PT30M", "PT4H", "PT12H", "P1D", "P1W", "P1M").Select(t => t is null ? null : JourneyPeriod.Parse(t));

    private static readonly Gen<ContactPolicy> Policies = Gen.Select(Caps, Caps, Intervals, Quiet, Quiet, Gen.Bool, (email, sms, interval, emailQuiet, smsQuiet, counts) =>
        new ContactPolicy(
            new Dictionary<Channel, ChannelCaps> { [Channel.Email] = email, [Channel.Sms] = sms },
            interval,
            new[] { (Channel.Email, emailQuiet), (Channel.Sms, smsQuiet) }.Where(q => q.Item2 is not null).ToDictionary(q => q.Item1, q => q.Item2!),
            counts));

    private static readonly Gen<MessageKind> Kinds = Gen.OneOfConst(MessageKind.Journey, MessageKind.Broadcast, MessageKind.Transactional);

    /// <summary>Now: any quarter hour of two years; the history: up to 8 messages in the 100 days before, on quarter hours too.</summary>
    public static readonly Gen<GateCase> All = Gen.Select(
        Policies,
        Zones,
        Gen.Enum<Frequency>(),
        Gen.Select(Channels, Gen.OneOfConst(MessageKind.Journey, MessageKind.Broadcast), (channel, kind) => new GateMessage(channel, "news", kind)),
        Gen.Select(Channels, Gen.OneOfConst<string?>("news", "offers"), Kinds, Gen.Int[0, 100 * 96]).List[0, 8],
        Gen.Int[0, 2 * 365 * 96],
        (policy, zone, frequency, message, history, quarter) =>
        {
            var now = Start.AddMinutes(quarter * 15);
            return new GateCase(policy, zone, frequency, message,
                [.. history.Select(h => new PastMessage(h.Item1, h.Item2, h.Item3, now.AddMinutes(-h.Item4 * 15)))], now);
        });
}
