using System.Text.Json;
using Rapport.Core.Journeys;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Journeys;

public sealed class JourneyReferencesTests
{
    private static readonly JourneyDefinition Journey = Read("""
        {
          "key": "win-back", "name": "Win back", "topic": "offers",
          "triggers": [{"segmentExited": "active"}, {"segmentEntered": "lapsed"}, {"event": "Segment Entered"}, {"stageChanged": {"to": "client"}}],
          "entry": {"audience": {"all": [{"segment": "reachable"}, {"not": {"segment": "lapsed"}}]}},
          "goal": {"segmentEntered": "active"},
          "exits": [{"segmentExited": "reachable"}, {"event": "Account Closed"}],
          "nodes": [
            {"id": "ask", "type": "send", "channel": "email", "content": {"subject": "We miss you", "text": "Come back"}, "next": "answer"},
            {"id": "answer", "type": "waitFor", "answers": [{"segmentEntered": "returned", "next": "end"}], "timeout": "P7D", "onTimeout": "vip"},
            {"id": "vip", "type": "branch", "branches": [{"condition": {"any": [{"segment": "big-spenders"}, {"consent": {"topic": "news"}}]}, "next": "call"}], "default": "join"},
            {"id": "call", "type": "send", "channel": "phone", "topic": "service", "content": {"text": "Call them"}, "next": "end"},
            {"id": "join", "type": "action", "grant": {"topic": "news"}, "next": "leave"},
            {"id": "leave", "type": "action", "withdraw": {"topic": "offers", "channel": "sms"}, "next": "receipt"},
            {"id": "receipt", "type": "send", "channel": "email", "topic": "receipts", "transactional": true, "content": {"subject": "Done", "text": "Done"}, "next": "end"},
            {"id": "end", "type": "exit"}
          ]
        }
        """);

    private static JourneyDefinition Read(string json)
    {
        var errors = new FieldErrors();
        var journey = JourneyJson.Read(JsonDocument.Parse(json).RootElement, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return journey!;
    }

    [Fact]
    public void The_segments_a_journey_names_are_listed_once_each() =>
        Assert.Equal(["active", "lapsed", "reachable", "returned", "big-spenders"], JourneyReferences.Segments(Journey));

    [Fact]
    public void The_topics_a_journey_names_are_listed_once_each() =>
        Assert.Equal(["offers", "service", "receipts", "news"], JourneyReferences.Topics(Journey));
}
