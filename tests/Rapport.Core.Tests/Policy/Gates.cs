using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Policy;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Policy;

/// <summary>People, histories and policies for the gate's tests.</summary>
internal static class Gates
{
    public const string Warsaw = "Europe/Warsaw";
    public const string Auckland = "Pacific/Auckland";
    public const string LosAngeles = "America/Los_Angeles";

    public static readonly GateMessage News = new(Channel.Email, "news", MessageKind.Journey);
    public static readonly GateMessage Receipt = new(Channel.Email, null, MessageKind.Transactional);

    public static Subscription Subscribed(string topic = "news", Channel channel = Channel.Email, Frequency frequency = Frequency.AsSent) =>
        Subscription.Empty(1, topic, channel) with { Status = SubscriptionStatus.Subscribed, Frequency = frequency };

    /// <summary>A person in <paramref name="zone"/>, subscribed to news by e-mail (as sent) and by SMS, with the history given.</summary>
    public static GateFacts Person(string zone, params PastMessage[] sent) =>
        new(null, [Subscribed(), Subscribed(channel: Channel.Sms)], zone, sent, []);

    public static PastMessage Sent(DateTimeOffset at, Channel channel = Channel.Email, string? topic = "news", MessageKind kind = MessageKind.Journey) =>
        new(channel, topic, kind, at);

    /// <summary>The moment it is the given local time in <paramref name="zone"/> (a time that does not exist or comes twice is an error).</summary>
    public static DateTimeOffset At(string zone, int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToDateTimeOffset();

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>A policy with only the rules written in <paramref name="json"/> (the fields it leaves out mean no rule, not the default).</summary>
    public static ContactPolicy Rules(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.TryAdd("caps", new JsonObject());
        document.TryAdd("quietHours", new JsonObject());
        document.TryAdd("minimumInterval", null);
        var errors = new FieldErrors();
        var policy = ContactPolicyJson.Read(JsonDocument.Parse(document.ToJsonString()).RootElement, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return policy!;
    }

    public static GateDecision Decide(GateMessage message, GateFacts facts, ContactPolicy policy, DateTimeOffset now, WhenBlocked whenBlocked = WhenBlocked.Wait) =>
        ContactGate.Decide(message, whenBlocked, facts, policy, now);

    public static GateDecision.Defer Deferred(GateDecision decision) => Assert.IsType<GateDecision.Defer>(decision);

    public static GateDecision.Suppress Suppressed(GateDecision decision) => Assert.IsType<GateDecision.Suppress>(decision);

    public static void Sends(GateDecision decision) => Assert.IsType<GateDecision.Send>(decision);
}
