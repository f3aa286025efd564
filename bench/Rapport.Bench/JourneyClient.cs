using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.Bench;

/// <summary>What the journey benchmarks ask a running server, through its admin API and its tracking API.</summary>
public sealed class JourneyClient(HttpClient admin, HttpClient tracking)
{
    /// <summary>Creates the topic, saves the journey (its first version) and activates it.</summary>
    public async Task StartAsync(string topic, string key, string definition)
    {
        await SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "Bench"}""");
        await SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", definition);
        await SendAsync(HttpMethod.Post, $"/api/v1/journeys/{key}/activate", "{}");
    }

    /// <summary>Enters the contacts (at most 1,000) through POST /entries; throws when one is refused.</summary>
    public async Task EnterAsync(string key, IReadOnlyCollection<long> contactIds)
    {
        var body = new JsonObject { ["contactIds"] = new JsonArray([.. contactIds.Select(id => JsonValue.Create(id))]) };
        var results = JsonNode.Parse(await SendAsync(HttpMethod.Post, $"/api/v1/journeys/{key}/entries", body.ToJsonString()))!.AsArray();
        if (results.FirstOrDefault(r => r!["instanceId"] is null) is { } refused)
        {
            throw new InvalidOperationException($"Contact {refused!["contactId"]} was not entered into {key}: {refused["refused"]}");
        }
    }

    /// <summary>Tracks one event of the contact whose external id is c{id} (as the seeded contacts have), with no timestamp: now.</summary>
    public async Task TrackAsync(long contactId, string eventName, string messageId)
    {
        using var response = await tracking.PostAsync("/v1/track", Json(Event(contactId, eventName, messageId).ToJsonString()));
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || JsonNode.Parse(answer)?["stored"]?.GetValue<int>() != 1)
        {
            throw new InvalidOperationException($"The server did not store {eventName} of contact {contactId}: {(int)response.StatusCode} {answer}");
        }
    }

    /// <summary>Tracks one event for each contact in one /v1/batch call.</summary>
    public async Task TrackAllAsync(IEnumerable<long> contactIds, string eventName, string messageIdPrefix)
    {
        var batch = new JsonArray([.. contactIds.Select(id => Event(id, eventName, messageIdPrefix + id.ToString(CultureInfo.InvariantCulture)))]);
        using var response = await tracking.PostAsync("/v1/batch", Json(new JsonObject { ["batch"] = batch }.ToJsonString()));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The status of the contact's newest instance of the journey (GET /api/v1/contacts/{id}/journeys); null when there is none.</summary>
    public async Task<string?> StatusInAsync(long contactId, string journey)
    {
        var instances = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/contacts/{contactId}/journeys"))!.AsArray();
        return instances.FirstOrDefault(i => (string?)i!["journey"] == journey)?["status"]?.GetValue<string>();
    }

    private static JsonObject Event(long contactId, string eventName, string messageId) => new()
    {
        ["type"] = "track",
        ["userId"] = "c" + contactId.ToString(CultureInfo.InvariantCulture),
        ["messageId"] = messageId,
        ["event"] = eventName,
    };

    private async Task<string> SendAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
        using var response = await admin.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? answer
            : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {answer}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
