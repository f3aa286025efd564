using System.Text.Json;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Events;
using Rapport.Core.Journeys;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Journeys;

public sealed class JourneyJsonTests
{
    private const string ServiceReminder = """
        {
          "key": "service-reminder", "name": "Service reminder", "topic": "service",
          "triggers": [
            {"event": "Service Due", "where": [{"property": "kind", "op": "eq", "value": "annual"}]},
            {"segmentEntered": "due-soon"},
            {"segmentExited": "lapsed"},
            {"stageChanged": {"to": "customer", "from": "prospect"}},
            {"api": true}
          ],
          "entry": {"again": "P30D", "audience": {"all": [{"segment": "car-owners"}, {"trait": "country", "op": "eq", "value": "NL"}]}, "whileSubscribed": true},
          "goal": {"event": "Service Booked", "within": "P7D"},
          "exits": [{"event": "Car Sold"}, {"segmentExited": "customers"}],
          "start": "wait-date",
          "nodes": [
            {"id": "remind", "type": "send", "channel": "email", "content": {"subject": "Time for a service", "text": "Book now", "html": "<p>Book now</p>"}, "next": "wait-answer"},
            {"id": "wait-date", "type": "wait", "untilDate": {"trait": "traits.serviceDue", "offsetDays": -14, "time": "09:00"}, "next": "remind"},
            {"id": "wait-answer", "type": "waitFor", "answers": [
                {"event": "Service Booked", "where": [{"property": "garage", "op": "exists"}], "correlate": {"property": "carId", "triggerProperty": "carId"}, "next": "done"},
                {"segmentEntered": "booked", "next": "done"},
                {"response": "clicked", "to": "remind", "next": "pause"}],
             "timeout": "P3D", "onTimeout": "sms"},
            {"id": "sms", "type": "send", "channel": "sms", "topic": "service-sms", "transactional": true, "whenBlocked": "wait", "content": {"text": "Time for a service"}, "next": "pause"},
            {"id": "pause", "type": "wait", "for": "P14D", "next": "morning"},
            {"id": "morning", "type": "wait", "until": {"time": "09:30", "days": ["mon", "sun"]}, "next": "check"},
            {"id": "check", "type": "branch", "branches": [{"condition": {"not": {"segment": "vip"}}, "next": "test"}], "default": "done"},
            {"id": "test", "type": "split", "variants": [{"name": "a", "weight": 30, "next": "hold"}, {"name": "b", "weight": 70, "next": "grant"}]},
            {"id": "hold", "type": "holdout", "percent": 10, "next": "mark"},
            {"id": "mark", "type": "action", "setTrait": {"trait": "traits.reminded", "value": {"at": "2027-01-01"}}, "next": "done"},
            {"id": "grant", "type": "action", "grant": {"topic": "offers", "channel": "sms"}, "next": "clear"},
            {"id": "clear", "type": "action", "clearTrait": "traits.snooze", "next": "withdraw"},
            {"id": "withdraw", "type": "action", "withdraw": {"topic": "news"}, "next": "tell"},
            {"id": "tell", "type": "action", "emit": {"event": "Reminder Finished", "properties": {"round": 1}}, "next": "done"},
            {"id": "done", "type": "exit"}
          ]
        }
        """;

    private static (JourneyDefinition? Journey, FieldErrors Errors) Read(string json)
    {
        var errors = new FieldErrors();
        return (JourneyJson.Read(JsonDocument.Parse(json).RootElement, errors), errors);
    }

    /// <summary>A journey with the topic news, entered on Signed Up, and these nodes.</summary>
    private static string WithNodes(string nodes) =>
        $$"""{"key": "k", "name": "n", "topic": "news", "triggers": [{"event": "Signed Up"}], "nodes": [{{nodes}}]}""";

    private static JourneyDefinition ReadGood(string json)
    {
        var (journey, errors) = Read(json);
        Assert.True(errors.IsEmpty, errors.ToString());
        return journey!;
    }

    private static (string Property, TestOperator Op, string Value) Filter(PropertyFilter f) =>
        (f.Property, f.Test.Operator, f.Test.Values.Count == 0 ? "" : f.Test.Values[0].ToJsonString());

    [Fact]
    public void A_journey_with_every_kind_of_node_reads_into_typed_records()
    {
        var journey = ReadGood(ServiceReminder);

        Assert.Equal(("service-reminder", "Service reminder", "service", "wait-date"), (journey.Key, journey.Name, journey.Topic, journey.Start));
        Assert.Equal("P30D", journey.Entry.Again!.Text);
        Assert.True(journey.Entry.WhileSubscribed);
        Assert.IsType<AllOf>(journey.Entry.Audience);
        Assert.Equal(("Service Booked", "P7D"), (journey.Goal!.Event.EventName, journey.Goal.Within!.Text));
        Assert.Equal(["Car Sold", "Segment Exited"], journey.Exits.Select(e => e.Event.EventName));
        Assert.Equal(15, journey.Nodes.Count);

        var remind = Assert.IsType<SendNode>(journey.Node("remind"));
        Assert.Equal((Channel.Email, (string?)null, false, WhenBlocked.Skip, "wait-answer"), (remind.Channel, remind.Topic, remind.Transactional, remind.WhenBlocked, remind.Next));
        Assert.Equal(new MessageContent("Time for a service", "Book now", "<p>Book now</p>"), remind.Content);
        var sms = Assert.IsType<SendNode>(journey.Node("sms"));
        Assert.Equal((Channel.Sms, "service-sms", true, WhenBlocked.Wait), (sms.Channel, sms.Topic, sms.Transactional, sms.WhenBlocked));
        Assert.Equal(new MessageContent(null, "Time for a service", null), sms.Content);

        var date = Assert.IsType<WaitUntil.ProfileDate>(Assert.IsType<WaitNode>(journey.Node("wait-date")).Until);
        Assert.Equal(new WaitUntil.ProfileDate("traits.serviceDue", -14, new LocalTime(9, 0)), date);
        Assert.Equal(Period.FromDays(14), Assert.IsType<WaitUntil.ForPeriod>(Assert.IsType<WaitNode>(journey.Node("pause")).Until).Period.Period);
        var morning = Assert.IsType<WaitUntil.LocalTimeOfDay>(Assert.IsType<WaitNode>(journey.Node("morning")).Until);
        Assert.Equal(new LocalTime(9, 30), morning.Time);
        Assert.Equal([IsoDayOfWeek.Monday, IsoDayOfWeek.Sunday], morning.Days.Order());

        var waitFor = Assert.IsType<WaitForNode>(journey.Node("wait-answer"));
        Assert.Equal(("P3D", "sms"), (waitFor.Timeout.Text, waitFor.TimeoutNext));
        var booked = Assert.IsType<EventAnswer>(waitFor.Answers[0]);
        Assert.Equal(("Service Booked", new Correlation("carId", "carId"), "done"), (booked.Event.EventName, booked.Correlate, booked.Next));
        Assert.Equal(("garage", TestOperator.Exists, ""), Filter(Assert.Single(booked.Event.Where)));
        Assert.Equal("Segment Entered", Assert.IsType<EventAnswer>(waitFor.Answers[1]).Event.EventName);
        Assert.Equal(new ResponseAnswer(Response.Clicked, "remind", "pause"), waitFor.Answers[2]);

        var check = Assert.IsType<BranchNode>(journey.Node("check"));
        Assert.Equal(("test", "done"), (Assert.Single(check.Branches).Next, check.Default));
        Assert.Equal(new Not(new SegmentCondition("vip")), check.Branches[0].Condition);
        Assert.Equal([new Variant("a", 30, "hold"), new Variant("b", 70, "grant")], Assert.IsType<SplitNode>(journey.Node("test")).Variants);
        Assert.Equal(new HoldoutNode("hold", 10, "mark"), journey.Node("hold"));

        var mark = Assert.IsType<JourneyAction.SetTrait>(Assert.IsType<ActionNode>(journey.Node("mark")).Action);
        Assert.Equal(("traits.reminded", """{"at":"2027-01-01"}"""), (mark.Trait, mark.Value!.ToJsonString()));
        Assert.Equal(new JourneyAction.ChangeConsent("offers", Channel.Sms, true), Assert.IsType<ActionNode>(journey.Node("grant")).Action);
        Assert.Equal(new JourneyAction.SetTrait("traits.snooze", null), Assert.IsType<ActionNode>(journey.Node("clear")).Action);
        Assert.Equal(new JourneyAction.ChangeConsent("news", Channel.Email, false), Assert.IsType<ActionNode>(journey.Node("withdraw")).Action);
        var emit = Assert.IsType<JourneyAction.Emit>(Assert.IsType<ActionNode>(journey.Node("tell")).Action);
        Assert.Equal(("Reminder Finished", """{"round":1}"""), (emit.EventName, emit.Properties.ToJsonString()));
        Assert.IsType<ExitNode>(journey.Node("done"));
    }

    [Fact]
    public void Short_triggers_are_Rapports_own_events_with_their_properties()
    {
        var triggers = ReadGood(ServiceReminder).Triggers;

        var tracked = Assert.IsType<EventTrigger>(triggers[0]).Event;
        Assert.Equal("Service Due", tracked.EventName);
        Assert.Equal(("kind", TestOperator.Eq, "\"annual\""), Filter(Assert.Single(tracked.Where)));
        var entered = Assert.IsType<EventTrigger>(triggers[1]).Event;
        Assert.Equal("Segment Entered", entered.EventName);
        Assert.Equal(("segment", TestOperator.Eq, "\"due-soon\""), Filter(Assert.Single(entered.Where)));
        var exited = Assert.IsType<EventTrigger>(triggers[2]).Event;
        Assert.Equal("Segment Exited", exited.EventName);
        Assert.Equal(("segment", TestOperator.Eq, "\"lapsed\""), Filter(Assert.Single(exited.Where)));
        var stage = Assert.IsType<EventTrigger>(triggers[3]).Event;
        Assert.Equal("Stage Changed", stage.EventName);
        Assert.Equal([("from", TestOperator.Eq, "\"prospect\""), ("to", TestOperator.Eq, "\"customer\"")], stage.Where.Select(Filter));
        Assert.IsType<ApiTrigger>(triggers[4]);
    }

    [Fact]
    public void A_short_trigger_matches_the_event_Rapport_records()
    {
        var journey = ReadGood("""
            {"key": "k", "name": "n", "topic": "news", "triggers": [{"stageChanged": {"to": "customer"}}], "nodes": [{"id": "end", "type": "exit"}]}
            """);
        var now = DateTimeOffset.Parse("2027-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var moved = new StageChanged(LoyaltyStage.Suspect, LoyaltyStage.Customer).Properties();

        Assert.True(JourneyEntry.IsTriggeredBy(journey, new JourneyEvent("m1", "Stage Changed", now, moved), now));
        Assert.False(JourneyEntry.IsTriggeredBy(journey, new JourneyEvent("m2", "Stage Changed", now, new() { ["to"] = "client" }), now));
    }

    [Fact]
    public void Omitted_options_take_their_defaults()
    {
        var journey = ReadGood(WithNodes("""
            {"id": "first", "type": "send", "channel": "post", "content": {"text": "Dear reader"}, "next": "end"}, {"id": "end", "type": "exit"}
            """));

        Assert.Same(EntryRules.OnceEver, journey.Entry);
        Assert.Null(journey.Goal);
        Assert.Empty(journey.Exits);
        Assert.Equal("first", journey.Start);
        var send = Assert.IsType<SendNode>(journey.Node("first"));
        Assert.Equal((false, WhenBlocked.Skip, (string?)null), (send.Transactional, send.WhenBlocked, send.Topic));
    }

    [Fact]
    public void A_loop_through_a_wait_is_a_journey_and_a_loop_without_one_is_named()
    {
        ReadGood(WithNodes("""
            {"id": "nudge", "type": "send", "channel": "sms", "content": {"text": "Still there?"}, "next": "week"},
            {"id": "week", "type": "wait", "for": "P1W", "next": "nudge"}
            """));

        var (journey, errors) = Read(WithNodes("""
            {"id": "a", "type": "action", "clearTrait": "traits.x", "next": "b"},
            {"id": "b", "type": "holdout", "percent": 10, "next": "c"},
            {"id": "c", "type": "branch", "branches": [{"condition": {"segment": "s"}, "next": "a"}], "default": "end"},
            {"id": "end", "type": "exit"}
            """));
        Assert.Null(journey);
        Assert.Equal(["a loop that never waits: a → b → c → a"], errors.ToDictionary()["nodes[2].branches[0].next"]);
    }

    [Fact]
    public void The_errors_say_what_is_wrong()
    {
        var (_, errors) = Read(WithNodes("""
            {"id": "start", "type": "waitFor", "answers": [{"event": "Clicked", "next": "ghost"}]}, {"id": "lost", "type": "exit"}
            """));
        var byPath = errors.ToDictionary();

        Assert.Contains("a waitFor needs a timeout branch for silence", byPath["nodes[0].timeout"][0], StringComparison.Ordinal);
        Assert.Contains("a waitFor needs a timeout branch for silence", byPath["nodes[0].onTimeout"][0], StringComparison.Ordinal);

        (_, errors) = Read(WithNodes("""
            {"id": "start", "type": "wait", "for": "P1D", "next": "ghost"}, {"id": "lost", "type": "exit"}
            """));
        Assert.Equal(["no node 'ghost'"], errors.ToDictionary()["nodes[0].next"]);
        Assert.Equal(["unreachable from the start"], errors.ToDictionary()["nodes[1]"]);
    }

    [Fact]
    public void A_message_of_more_than_100_KB_is_refused()
    {
        var text = new string('x', 100 * 1024 + 1);
        var (journey, errors) = Read(WithNodes($$"""
            {"id": "a", "type": "send", "channel": "email", "content": {"subject": "s", "text": "{{text}}"}, "next": "b"}, {"id": "b", "type": "exit"}
            """));

        Assert.Null(journey);
        Assert.Equal(["nodes[0].content.text"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_send_may_name_a_template_instead_of_writing_its_content()
    {
        var journey = ReadGood(WithNodes("""
            {"id": "a", "type": "send", "channel": "email", "template": "service-due", "next": "b"}, {"id": "b", "type": "exit"}
            """));

        Assert.Equal(new TemplateBody("service-due"), Assert.IsType<SendNode>(journey.Node("a")).Content);
        Assert.Equal([("a", "service-due", Channel.Email)], JourneyReferences.Templates(journey));
    }

    [Theory]
    [InlineData(""" "template": "service-due", "content": {"subject": "s", "text": "t"} """, "nodes[0].template", "either content or template, not both")]
    [InlineData(""" "template": "Service Due" """, "nodes[0].template", "a key")]
    [InlineData(""" "template": 7 """, "nodes[0].template", "a key")]
    [InlineData(""" "topic": "news" """, "nodes[0].content", "or template: the key of a saved template")]
    public void A_send_names_one_good_template_or_writes_its_content(string members, string path, string reason)
    {
        var (journey, errors) = Read(WithNodes($$"""
            {"id": "a", "type": "send", "channel": "email", {{members}}, "next": "b"}, {"id": "b", "type": "exit"}
            """));

        Assert.Null(journey);
        Assert.Contains(reason, string.Join("; ", errors.ToDictionary()[path]), StringComparison.Ordinal);
    }
}
