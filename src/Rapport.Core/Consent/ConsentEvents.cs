using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Events;

namespace Rapport.Core.Consent;

/// <summary>
/// Segment track events that change consent: "Consent Granted" and "Consent Withdrawn", with properties
/// topic (left out: all topics), channel (left out: all channels), source, legalBasis, reason,
/// frequency and format. They take the same path as the consent API: a ledger record per event.
/// </summary>
public static class ConsentEvents
{
    public const string Granted = "Consent Granted";
    public const string Withdrawn = "Consent Withdrawn";

    public static bool Changes(TrackingMessage m) => m.Type == MessageType.Track && m.Name is Granted or Withdrawn;

    /// <summary>
    /// The ledger record an event asks for (its contact still to be filled in), or why it cannot be one.
    /// <paramref name="topicExists"/> checks a named topic; null skips the check.
    /// </summary>
    public static (ConsentRecord? Record, string? Problem) Read(TrackingMessage m, Func<string, bool>? topicExists)
    {
        var p = m.Properties();
        var context = m.Context();
        var problems = new List<string>();
        var topic = Text(p, "topic", problems);
        if (topic is not null && topicExists is not null && !topicExists(topic))
        {
            problems.Add($"properties.topic: no topic '{topic}' in this workspace");
        }

        var record = new ConsentRecord(
            0, topic, Choice<Channel>(p, "channel", problems),
            m.Name == Granted ? ConsentAction.Grant : ConsentAction.Withdraw,
            Choice<LegalBasis>(p, "legalBasis", problems) ?? LegalBasis.Consent,
            Choice<ConsentSource>(p, "source", problems) ?? ConsentSource.Tracking,
            new Evidence(Text(context, "ip", []), Text(context, "userAgent", []), null, null, $"tracked event {m.MessageId}"),
            Text(p, "reason", problems), false,
            Choice<Frequency>(p, "frequency", problems), Choice<MessageFormat>(p, "format", problems), m.Timestamp);
        return problems.Count == 0 ? (record, null) : (null, string.Join("; ", problems));
    }

    private static string? Text(JsonObject o, string name, List<string> problems)
    {
        var node = o[name];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: <= 1000 } text)
        {
            return text;
        }

        problems.Add($"properties.{name}: must be a string of at most 1000 characters");
        return null;
    }

    private static T? Choice<T>(JsonObject o, string name, List<string> problems) where T : struct, Enum
    {
        var text = Text(o, name, problems);
        if (text is null)
        {
            return null;
        }

        if (WireName.TryParse<T>(text, out var value))
        {
            return value;
        }

        problems.Add($"properties.{name}: '{text}' is not one of: {WireName.List<T>()}");
        return null;
    }
}
