using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using static Rapport.Core.Journeys.JourneyJson;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>
/// Reads how simulated people answer, for one journey, naming the path of every error. The object:
/// {"responses"?: [{"after": "PT2H", "event": "Order Completed", "properties"?: {…}} or {"node": a send node, "response":
/// "clicked", "after": "PT1H"}, …], "rates"?: {"opened"?: 0.4, "clicked"?: 0.1, … any response, "events"?: {"Order
/// Completed": 0.05}}}.
/// </summary>
public static class ResponseModelJson
{
    public const int MaxScript = 100;
    public const int MaxEvents = 50;

    /// <summary>The model, or null when <paramref name="errors"/> holds any error (give it one of its own).</summary>
    public static ResponseModel? Read(JsonElement e, string path, JourneyDefinition journey, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<ResponseModel>(errors, path.Length == 0 ? "body" : path, "an object with responses (a script), rates (chances) or both");
        }

        Unknown(e, path, errors, "responses", "rates");
        var script = Items(e, "responses", path, 0, MaxScript, errors)?.Select(x => ReadScripted(x.Item, x.Path, journey, errors)).ToList() ?? [];
        var rates = e.TryGetProperty("rates", out var r) ? ReadRates(r, Name(path, "rates"), errors) : null;
        return errors.IsEmpty ? new ResponseModel([.. script.OfType<ScriptedResponse>()], rates) : null;
    }

    private static ScriptedResponse? ReadScripted(JsonElement e, string path, JourneyDefinition journey, FieldErrors errors)
    {
        var after = e.TryGetProperty("after", out var a) ? Period(a, $"{path}.after", errors) : Missing<JourneyPeriod>(errors, $"{path}.after", "required: how long after, like PT2H or P1D");
        if (e.TryGetProperty("node", out var n))
        {
            Unknown(e, path, errors, "node", "response", "after");
            var node = n.ValueKind == JsonValueKind.String && journey.Nodes.GetValueOrDefault(n.GetString()!) is SendNode send
                ? send.Id
                : Missing<string>(errors, $"{path}.node", "the id of a send node of the journey");
            var response = e.TryGetProperty("response", out var r)
                ? SegmentValueJson.Enum<Response>(r, $"{path}.response", errors)
                : Missing<Response?>(errors, $"{path}.response", $"required: one of {WireName.List<Response>()}");
            return node is not null && response is { } answered && after is not null ? new ScriptedReply(node, answered, after) : null;
        }

        Unknown(e, path, errors, "event", "properties", "after");
        var name = e.TryGetProperty("event", out var v) ? EventName(v, $"{path}.event", errors) : Missing<string>(errors, $"{path}.event", "required: the event's name, or node and response");
        var properties = !e.TryGetProperty("properties", out var p) ? []
            : p.ValueKind == JsonValueKind.Object ? JsonNode.Parse(p.GetRawText())!.AsObject()
            : Missing<JsonObject>(errors, $"{path}.properties", "a JSON object");
        return name is not null && properties is not null && after is not null ? new ScriptedEvent(after, name, properties) : null;
    }

    private static ResponseRates? ReadRates(JsonElement e, string path, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<ResponseRates>(errors, path, $"an object of chances from 0 to 1: {WireName.List<Response>()}, events");
        }

        Unknown(e, path, errors, [.. WireName.All<Response>().Select(WireName.Of), "events"]);
        var responses = new Dictionary<Response, double>();
        foreach (var response in WireName.All<Response>())
        {
            if (e.TryGetProperty(WireName.Of(response), out var chance) && Chance(chance, $"{path}.{WireName.Of(response)}", errors) is { } c)
            {
                responses[response] = c;
            }
        }

        var events = new Dictionary<string, double>(StringComparer.Ordinal);
        if (e.TryGetProperty("events", out var named))
        {
            if (named.ValueKind != JsonValueKind.Object || named.EnumerateObject().Count() > MaxEvents)
            {
                return Missing<ResponseRates>(errors, $"{path}.events", $"an object of at most {MaxEvents} event names, each with a chance from 0 to 1");
            }

            foreach (var ev in named.EnumerateObject())
            {
                var at = $"{path}.events.{ev.Name}";
                if (ev.Name.Length is 0 or > 200 || ev.Name.Trim() != ev.Name)
                {
                    errors.Add(at, "an event's name: 1 to 200 characters, no spaces at either end");
                }
                else if (Chance(ev.Value, at, errors) is { } c)
                {
                    events[ev.Name] = c;
                }
            }
        }

        return new ResponseRates(responses, events);
    }

    private static double? Chance(JsonElement e, string path, FieldErrors errors) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && d is >= 0 and <= 1
            ? d
            : Missing<double?>(errors, path, "a chance from 0 to 1, like 0.4");

    private static string Name(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
