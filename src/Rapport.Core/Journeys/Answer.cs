using Rapport.Core.Consent;

namespace Rapport.Core.Journeys;

/// <summary>An answer a wait-for node waits for, and where it leads. A closed set.</summary>
public abstract record Answer
{
    private protected Answer()
    {
    }

    /// <summary>The node the answer leads to.</summary>
    public abstract string Next { get; init; }
}

/// <summary>
/// The contact did <see cref="Event"/>; with <see cref="Correlate"/>, only an event whose property equals the same
/// property of the event that started the instance (the Order Completed whose cartId is this Checkout Started's cartId).
/// </summary>
public sealed record EventAnswer(EventMatch Event, Correlation? Correlate, string Next) : Answer;

/// <summary>The answer's <see cref="Property"/> equals the trigger event's <see cref="TriggerProperty"/>.</summary>
public sealed record Correlation(string Property, string TriggerProperty);

/// <summary>A response to the message an earlier send node of this instance requested: it was opened, clicked…</summary>
public sealed record ResponseAnswer(Response Response, string SendNode, string Next) : Answer;

/// <summary>What a person (or their mailbox) did with a message; each is an event on the timeline that names the message.</summary>
public enum Response
{
    Delivered,
    Opened,
    Clicked,
    Replied,
    Bounced,
}

public static class Responses
{
    /// <summary>The event a response is recorded as: "Email Opened", "Sms Clicked"…, with the message's id in messageId.</summary>
    public static string EventName(Channel channel, Response response) => $"{WireName.Of(channel) switch
    {
        "sms" => "SMS",
        var other => char.ToUpperInvariant(other[0]) + other[1..],
    }} {response}";

    /// <summary>The property of a response event that names the message.</summary>
    public const string MessageIdProperty = "messageId";
}
