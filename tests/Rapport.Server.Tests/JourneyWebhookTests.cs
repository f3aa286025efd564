using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>A journey's webhook through the real host: its own worker calls a receiver on this machine at once, signed with the install's key.</summary>
public abstract class JourneyWebhookTests(ServerFixture server)
{
    [Fact]
    public async Task A_person_entered_by_the_API_is_announced_to_the_receiver_signed_and_the_journey_goes_on()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = server.Client();
        var key = Some.Id("crm").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", $$"""
            {"name": "Tell the CRM", "triggers": [{"api": true}],
             "nodes": [{"id": "notify", "type": "action", "webhook": {"url": "{{receiver.Url}}"}, "next": "day"},
                       {"id": "day", "type": "wait", "for": "P1D", "next": "done"},
                       {"id": "done", "type": "exit"}]}
            """)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/journeys/{key}/activate", "{}")).Status);
        var userId = Some.Id("u");
        using (var ingest = server.Client(server.IngestKey))
        {
            await ingest.PostAsync("/v1/identify", $$$"""{"userId": "{{{userId}}}", "traits": {"email": "{{{userId}}}@example.com", "plan": "pro"}}""");
        }

        var contact = (await admin.GetJsonAsync($"/api/v1/contacts?externalId={userId}")).Body!["items"]![0]!["id"]!.GetValue<long>();
        var (_, entries) = await admin.PostAsync($"/api/v1/journeys/{key}/entries", $$"""{"contactIds": [{{contact}}]}""");
        var instance = entries![0]!["instanceId"]!.GetValue<long>();

        var call = (await Eventually.UntilAsync(() => Task.FromResult(receiver.Calls.ToList()), c => c.Count > 0, "the webhook's call")).Single();
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal((key, instance, contact, userId, $"{userId}@example.com"), ((string)body["journey"]!, (long)body["instance"]!,
            (long)body["contact"]!["id"]!, (string?)body["contact"]!["externalId"], (string?)body["contact"]!["email"]));
        Assert.Null(body["contact"]!["traits"]);
        Assert.Equal($"{instance}:2:notify", call.IdempotencyKey);
        var stored = await server.Services.GetRequiredService<ISettingStore>().GetAsync(0, "webhooks.key", CancellationToken.None);
        using var hmac = new HMACSHA256(Convert.FromBase64String(stored!));
        var t = call.Signature!.Split(',')[0]["t=".Length..];
        Assert.Equal($"t={t},v1={Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{t}.{call.Body}"))).ToLowerInvariant()}", call.Signature);
        Assert.Equal(server.Clock.GetUtcNow().ToUnixTimeSeconds(), long.Parse(t, CultureInfo.InvariantCulture));

        var path = (await admin.GetJsonAsync($"/api/v1/contacts/{contact}/journeys")).Body!.AsArray().Single(i => (string)i!["journey"]! == key)!;
        Assert.Equal([("entered", "entered by the API"), ("acted", "called webhook 127.0.0.1")],
            path["steps"]!.AsArray().Take(2).Select(s => ((string)s!["kind"]!, (string)s["why"]!)));
        Assert.Equal("day", (string)path["node"]!);

        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact}/timeline")).Body!["items"]!.AsArray()
            .Where(e => ((string?)e!["name"])?.StartsWith("Journey ", StringComparison.Ordinal) == true)
            .Select(e => ((string)e!["name"]!, (string?)e["properties"]!["node"], (string?)e["properties"]!["kind"])).Reverse();
        Assert.Equal([("Journey Entered", null, null), ("Journey Step", "notify", "acted"), ("Journey Step", "day", "waiting")], timeline);
    }
}

public sealed class JourneyWebhookOnSqlite(SqliteServer server) : JourneyWebhookTests(server), IClassFixture<SqliteServer>;

public sealed class JourneyWebhookOnPostgres(PostgresServer server) : JourneyWebhookTests(server), IClassFixture<PostgresServer>;
