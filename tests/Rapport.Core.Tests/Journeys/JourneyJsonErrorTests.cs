using System.Text.Json;
using Rapport.Core.Journeys;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Journeys;

/// <summary>Every kind of mistake in a journey is refused with an error at the path of what is wrong.</summary>
public sealed class JourneyJsonErrorTests
{
    private const string Exit = """{"id": "end", "type": "exit"}""";

    private static FieldErrors Refused(string json)
    {
        var errors = new FieldErrors();
        Assert.Null(JourneyJson.Read(JsonDocument.Parse(json).RootElement, errors));
        return errors;
    }

    [Theory]
    [InlineData("""[]""", "body")]
    [InlineData("""{"key": "Bad Key", "name": "n", "triggers": [{"api": true}], "nodes": [{"id": "end", "type": "exit"}]}""", "key")]
    [InlineData("""{"key": "k", "name": "", "triggers": [{"api": true}], "nodes": [{"id": "end", "type": "exit"}]}""", "name")]
    [InlineData("""{"key": "k", "name": "n", "colour": "red", "triggers": [{"api": true}], "nodes": [{"id": "end", "type": "exit"}]}""", "colour")]
    [InlineData("""{"key": "k", "name": "n", "topic": "News!", "triggers": [{"api": true}], "nodes": [{"id": "end", "type": "exit"}]}""", "topic")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers")]
    [InlineData("""{"key": "k", "name": "n", "nodes": [{"id": "end", "type": "exit"}]}""", "triggers")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": false}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].api")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true, "event": "X"}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].event")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0]")]
    [InlineData("""{"key": "k", "name": "n", "triggers": ["Signed Up"], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0]")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"event": " Signed Up"}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].event")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"event": "Journey Step"}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].event")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"event": "X", "where": [{"property": "kind", "op": "like", "value": "a"}]}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].where[0].op")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"event": "X", "count": 2}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].count")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"segmentEntered": "Due Soon"}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].segmentEntered")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"segmentExited": "x", "where": []}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].where")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"stageChanged": {"to": "king"}}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].stageChanged.to")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"stageChanged": {}}], "nodes": [{"id": "end", "type": "exit"}]}""", "triggers[0].stageChanged")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "entry": {"again": "30 days"}, "nodes": [{"id": "end", "type": "exit"}]}""", "entry.again")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "entry": {"again": "P11Y"}, "nodes": [{"id": "end", "type": "exit"}]}""", "entry.again")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "entry": {"audience": {"all": [{"trait": "email", "op": "eq"}]}}, "nodes": [{"id": "end", "type": "exit"}]}""", "entry.audience.all[0].value")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "entry": {"whileSubscribed": true}, "nodes": [{"id": "end", "type": "exit"}]}""", "entry.whileSubscribed")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "entry": {"once": true}, "nodes": [{"id": "end", "type": "exit"}]}""", "entry.once")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "goal": {"event": "Order Completed", "within": "PT0S"}, "nodes": [{"id": "end", "type": "exit"}]}""", "goal.within")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "goal": {"event": "Order Completed", "value": 10}, "nodes": [{"id": "end", "type": "exit"}]}""", "goal.value")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "exits": [{"api": true}], "nodes": [{"id": "end", "type": "exit"}]}""", "exits[0]")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "exits": [{"event": "X", "where": [{"op": "exists"}]}], "nodes": [{"id": "end", "type": "exit"}]}""", "exits[0].where[0].property")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "start": "begin", "nodes": [{"id": "end", "type": "exit"}]}""", "start")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "nodes": []}""", "nodes")]
    [InlineData("""{"key": "k", "name": "n", "triggers": [{"api": true}], "nodes": [{"id": "a", "type": "send", "channel": "sms", "content": {"text": "t"}, "next": "end"}, {"id": "end", "type": "exit"}]}""", "nodes[0].topic")]
    public void A_wrong_journey_names_the_path_of_the_error(string json, string path) =>
        Assert.Contains(path, Refused(json).ToDictionary().Keys);

    [Theory]
    [InlineData("""{"id": "Bad Id", "type": "exit"}""", "nodes[0].id")]
    [InlineData("""{"type": "exit"}""", "nodes[0].id")]
    [InlineData("""{"id": "a", "type": "wait", "for": "P1D", "next": "end"}, {"id": "end", "type": "exit"}, {"id": "a", "type": "exit"}""", "nodes[2].id")]
    [InlineData("""{"id": "a", "type": "email"}""", "nodes[0].type")]
    [InlineData("""{"id": "a", "type": "exit", "next": "b"}""", "nodes[0].next")]
    [InlineData("""{"id": "a", "type": "exit"}, {"id": "b", "type": "exit"}""", "nodes[1]")]
    [InlineData("""{"id": "a", "type": "action", "clearTrait": "traits.x", "next": "b"}, {"id": "b", "type": "holdout", "percent": 10, "next": "a"}""", "nodes[1].next")]
    [InlineData("""{"id": "a", "type": "send", "channel": "email", "content": {"subject": "s", "text": "t"}, "next": "a"}""", "nodes[0].next")]
    [InlineData("""{"id": "a", "type": "send", "channel": "email", "content": {"subject": "s", "text": "t"}, "next": "nowhere"}""", "nodes[0].next")]
    [InlineData("""{"id": "a", "type": "send", "channel": "pigeon", "content": {"text": "t"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].channel")]
    [InlineData("""{"id": "a", "type": "send", "channel": "sms", "content": {"text": "t"}, "whenBlocked": "drop", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].whenBlocked")]
    [InlineData("""{"id": "a", "type": "send", "channel": "sms", "content": {"text": "t"}, "transactional": "no", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].transactional")]
    [InlineData("""{"id": "a", "type": "send", "channel": "email", "content": {"text": "t"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].content.subject")]
    [InlineData("""{"id": "a", "type": "send", "channel": "email", "content": {"subject": "s", "text": ""}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].content.text")]
    [InlineData("""{"id": "a", "type": "send", "channel": "email", "content": {"subject": "s", "text": "t", "body": "b"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].content.body")]
    [InlineData("""{"id": "a", "type": "send", "channel": "sms", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].content")]
    [InlineData("""{"id": "a", "type": "wait", "for": "P0D", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].for")]
    [InlineData("""{"id": "a", "type": "wait", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0]")]
    [InlineData("""{"id": "a", "type": "wait", "for": "P1D", "until": {"time": "09:00"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].until")]
    [InlineData("""{"id": "a", "type": "wait", "until": {"time": "9am"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].until.time")]
    [InlineData("""{"id": "a", "type": "wait", "until": {"time": "09:00", "days": ["mon", "monday"]}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].until.days[1]")]
    [InlineData("""{"id": "a", "type": "wait", "untilDate": {"trait": "serviceDue", "time": "09:00"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].untilDate.trait")]
    [InlineData("""{"id": "a", "type": "wait", "untilDate": {"trait": "traits.due", "offsetDays": "-14", "time": "09:00"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].untilDate.offsetDays")]
    [InlineData("""{"id": "a", "type": "wait", "untilDate": {"trait": "traits.due"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].untilDate.time")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X", "next": "end"}], "timeout": "P1D"}, {"id": "end", "type": "exit"}""", "nodes[0].onTimeout")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X", "next": "end"}], "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].timeout")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X", "next": "end"}], "timeout": "P1D", "onTimeout": "ghost"}, {"id": "end", "type": "exit"}""", "nodes[0].onTimeout")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0].next")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X", "next": "ghost"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0].next")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X", "where": [{"property": "a", "op": "gt"}], "next": "end"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0].where[0].value")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"event": "X", "correlate": {"property": "cart id", "triggerProperty": "cartId"}, "next": "end"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0].correlate.property")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"response": "liked", "to": "a", "next": "end"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0].response")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"response": "clicked", "to": "end", "next": "end"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0].to")]
    [InlineData("""{"id": "a", "type": "waitFor", "answers": [{"next": "end"}], "timeout": "P1D", "onTimeout": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].answers[0]")]
    [InlineData("""{"id": "a", "type": "branch", "branches": [{"condition": {"segment": "s"}, "next": "ghost"}], "default": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].branches[0].next")]
    [InlineData("""{"id": "a", "type": "branch", "branches": [{"condition": {"trait": "password", "op": "exists"}, "next": "end"}], "default": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].branches[0].condition.trait")]
    [InlineData("""{"id": "a", "type": "branch", "branches": [{"condition": {"segment": "s"}, "next": "end"}]}, {"id": "end", "type": "exit"}""", "nodes[0].default")]
    [InlineData("""{"id": "a", "type": "split", "variants": [{"name": "a", "weight": 50, "next": "end"}, {"name": "b", "weight": 40, "next": "end"}]}, {"id": "end", "type": "exit"}""", "nodes[0].variants")]
    [InlineData("""{"id": "a", "type": "split", "variants": [{"name": "a", "weight": 50, "next": "end"}, {"name": "a", "weight": 50, "next": "end"}]}, {"id": "end", "type": "exit"}""", "nodes[0].variants[1].name")]
    [InlineData("""{"id": "a", "type": "split", "variants": [{"name": "a", "weight": 0, "next": "end"}, {"name": "b", "weight": 100, "next": "end"}]}, {"id": "end", "type": "exit"}""", "nodes[0].variants[0].weight")]
    [InlineData("""{"id": "a", "type": "split", "variants": [{"name": "a", "weight": 50, "next": "end"}, {"name": "b", "weight": 50, "next": "ghost"}]}, {"id": "end", "type": "exit"}""", "nodes[0].variants[1].next")]
    [InlineData("""{"id": "a", "type": "holdout", "percent": 100, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].percent")]
    [InlineData("""{"id": "a", "type": "action", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0]")]
    [InlineData("""{"id": "a", "type": "action", "clearTrait": "traits.x", "emit": {"event": "X"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].emit")]
    [InlineData("""{"id": "a", "type": "action", "setTrait": {"trait": "plan", "value": 1}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].setTrait.trait")]
    [InlineData("""{"id": "a", "type": "action", "setTrait": {"trait": "traits.plan"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].setTrait.value")]
    [InlineData("""{"id": "a", "type": "action", "grant": {"topic": "news", "channel": "fax"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].grant.channel")]
    [InlineData("""{"id": "a", "type": "action", "withdraw": {"channel": "sms"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].withdraw.topic")]
    [InlineData("""{"id": "a", "type": "action", "emit": {"event": "Segment Entered"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].emit.event")]
    [InlineData("""{"id": "a", "type": "action", "emit": {"event": "X", "properties": [1]}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].emit.properties")]
    [InlineData("""{"id": "a", "type": "action", "clearTrait": "traits.x"}, {"id": "end", "type": "exit"}""", "nodes[0].next")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {"url": "ftp://files.example/drop"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.url")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {"url": "crm.example/hooks"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.url")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {"url": "/hooks/rapport"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.url")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {"url": "https://"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.url")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {"url": 443}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.url")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.url")]
    [InlineData("""{"id": "a", "type": "action", "webhook": {"url": "https://crm.example", "method": "GET"}, "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook.method")]
    [InlineData("""{"id": "a", "type": "action", "webhook": "https://crm.example", "next": "end"}, {"id": "end", "type": "exit"}""", "nodes[0].webhook")]
    public void A_wrong_node_names_the_path_of_the_error(string nodes, string path)
    {
        var json = $$"""{"key": "k", "name": "n", "topic": "news", "triggers": [{"event": "Signed Up"}], "nodes": [{{nodes}}]}""";
        Assert.Contains(path, Refused(json).ToDictionary().Keys);
    }

    [Fact]
    public void Correlating_an_answer_needs_an_event_that_entered_the_contact()
    {
        var errors = Refused($$"""
            {"key": "k", "name": "n", "topic": "news", "triggers": [{"api": true}], "nodes": [
              {"id": "a", "type": "waitFor", "answers": [{"event": "Order Completed", "correlate": {"property": "cartId", "triggerProperty": "cartId"}, "next": "end"}],
               "timeout": "P1D", "onTimeout": "end"}, {{Exit}}]}
            """);

        Assert.Equal(["nodes[0].answers[0].correlate"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_node_with_errors_makes_no_false_errors_about_the_way_through()
    {
        var errors = Refused("""
            {"key": "k", "name": "n", "topic": "news", "triggers": [{"api": true}], "nodes": [
              {"id": "a", "type": "wait", "for": "soon", "next": "b"}, {"id": "b", "type": "exit"}]}
            """);

        Assert.Equal(["nodes[0].for"], errors.ToDictionary().Keys);
    }
}
