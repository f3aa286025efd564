using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Journeys;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// The webhook action on both stores, calling a real HTTP receiver on this machine: the journey goes on at once; the call
/// comes once, signed with the key kept in the database and carrying its idempotency key; a receiver that fails is called
/// again on the clock, and at the last attempt the call is given up, parked with its reason and written on the instance.
/// </summary>
public abstract class WebhookContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    /// <summary>On sign-up: tell the CRM, then a welcome mail at once.</summary>
    private async Task<(int Ws, JourneyRig Rig, long Contact, JourneyInstance Instance)> SignedUpAsync(Uri url)
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        var contact = await rig.SubscriberAsync(ws, "news");
        await rig.ActivateAsync(ws, "crm-sync", $$"""
            {"name": "Tell the CRM", "triggers": [{"event": "Signed Up"}],
             "nodes": [
               {"id": "notify", "type": "action", "webhook": {"url": "{{url}}"}, "next": "welcome"},
               {"id": "welcome", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Welcome", "text": "Hello"}, "next": "done"},
               {"id": "done", "type": "exit"}]}
            """);
        await rig.TrackAsync(ws, contact, "Signed Up");
        await rig.RunUntilQuietAsync();
        return (ws, rig, contact, await rig.InstanceAsync(ws, contact, "crm-sync"));
    }

    private async Task<IReadOnlyList<StoredWork>> WebhooksAsync(int ws, WorkStatus status) =>
        (await store.Work.ListAsync(ws, status, 0, 100, Ct)).Where(w => w.Queue == WorkQueues.Webhooks).ToList();

    [Fact]
    public async Task The_journey_goes_on_at_once_and_the_receiver_gets_the_body_once_signed_with_the_stored_key()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (ws, rig, contactId, instance) = await SignedUpAsync(receiver.Url);

        Assert.Empty(receiver.Calls); // not called yet, and the journey did not wait: the mail is requested, the instance done
        Assert.Single(await rig.MessagesAsync(ws, contactId));
        Assert.Equal(InstanceStatus.Completed, instance.Status);
        var acted = Assert.Single(await rig.Journeys.StepsAsync(ws, instance.Id, Ct), s => s.Kind == StepKind.Acted);
        Assert.Equal(("notify", "called webhook 127.0.0.1"), (acted.Node, acted.Why));

        await rig.Webhooks.RunOnceAsync(Ct);
        await rig.Webhooks.RunOnceAsync(Ct);

        var call = Assert.Single(receiver.Calls);
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal($"{instance.Id}:2:notify", call.IdempotencyKey); // step 1 entered, step 2 passed the node
        var contact = (await store.Contacts.GetAsync(ws, contactId, Ct))!;
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal(("crm-sync", 1, instance.Id, "notify"), ((string)body["journey"]!, (int)body["version"]!, (long)body["instance"]!, (string)body["node"]!));
        Assert.Equal((contact.Id, contact.ExternalId, contact.Email),
            ((long)body["contact"]!["id"]!, (string?)body["contact"]!["externalId"], (string?)body["contact"]!["email"]));
        Assert.Equal(acted.At, DateTimeOffset.Parse((string)body["at"]!, CultureInfo.InvariantCulture));

        // The receiver's own check: the key as the operator gives it (kept in the database), the time and the body as received.
        var key = Convert.FromBase64String((await store.Settings.GetAsync(0, WebhookKey.SettingName, Ct))!);
        var signature = call.Signature!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), signature["t"]);
        using var hmac = new HMACSHA256(key);
        Assert.Equal(Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{signature["t"]}.{call.Body}"))).ToLowerInvariant(), signature["v1"]);
        Assert.Equal(key, await new WebhookKey(null, store.Settings).BytesAsync(Ct)); // another node signs alike
        Assert.Empty(await WebhooksAsync(ws, WorkStatus.Waiting));
        Assert.Empty(await WebhooksAsync(ws, WorkStatus.Failed));
    }

    [Fact]
    public async Task A_failing_receiver_is_called_again_after_5_10_20_and_40_s_then_the_call_is_given_up_on_the_instance()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        var (ws, rig, contact, instance) = await SignedUpAsync(receiver.Url);
        Assert.Single(await rig.MessagesAsync(ws, contact)); // the welcome mail did not wait for the CRM

        await rig.Webhooks.RunOnceAsync(Ct);
        foreach (var wait in new[] { 5, 10, 20, 40 })
        {
            var calls = receiver.Calls.Count;
            store.Clock.Advance(TimeSpan.FromSeconds(wait - 1));
            await rig.Webhooks.RunOnceAsync(Ct);
            Assert.Equal(calls, receiver.Calls.Count); // not yet
            store.Clock.Advance(TimeSpan.FromSeconds(1));
            await rig.Webhooks.RunOnceAsync(Ct);
            Assert.Equal(calls + 1, receiver.Calls.Count);
        }

        var reason = $"webhook {receiver.Url} answered 500";
        Assert.Single(receiver.Calls.Select(c => (c.Body, c.IdempotencyKey)).Distinct()); // every attempt the same call
        var parked = Assert.Single(await WebhooksAsync(ws, WorkStatus.Failed));
        Assert.Equal((5, reason), (parked.Attempts, parked.LastError));
        var steps = await rig.Journeys.StepsAsync(ws, instance.Id, Ct);
        Assert.Equal([StepKind.Entered, StepKind.Acted, StepKind.Sent, StepKind.Completed, StepKind.WebhookFailed], steps.Select(s => s.Kind));
        Assert.Equal(("notify", $"gave up after 5 attempts: {reason}"), (steps[^1].Node, steps[^1].Why));
        Assert.Equal(steps.Count, (await rig.InstanceAsync(ws, contact, "crm-sync")).Steps);

        store.Clock.Advance(TimeSpan.FromHours(1));
        await rig.Webhooks.RunOnceAsync(Ct);
        Assert.Equal(5, receiver.Calls.Count);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_a_receiver_that_is_gone_is_a_failure_with_its_reason()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 302;
        var (ws, rig, _, _) = await SignedUpAsync(receiver.Url);

        await rig.Webhooks.RunOnceAsync(Ct);

        Assert.Single(receiver.Calls);
        Assert.Equal(0, receiver.Redirected);
        Assert.Equal($"webhook {receiver.Url} answered 302", Assert.Single(await WebhooksAsync(ws, WorkStatus.Waiting)).LastError);

        var gone = receiver.Url;
        await receiver.DisposeAsync();
        store.Clock.Advance(TimeSpan.FromSeconds(5));
        await rig.Webhooks.RunOnceAsync(Ct);
        var failed = Assert.Single(await WebhooksAsync(ws, WorkStatus.Waiting));
        Assert.StartsWith($"webhook {gone} could not be reached: ", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(2, failed.Attempts);
    }

    [Fact]
    public async Task A_receiver_on_this_machine_is_refused_by_default_and_never_called()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var local = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri;
        var (ws, rig, _, _) = await SignedUpAsync(local);

        await rig.WebhooksTo(WebhookTargets.Default).RunOnceAsync(Ct);

        Assert.Empty(receiver.Calls);
        var refused = Assert.Single(await WebhooksAsync(ws, WorkStatus.Waiting));
        Assert.StartsWith($"webhook {local} refused: localhost is not a public address (", refused.LastError, StringComparison.Ordinal);
        Assert.EndsWith("): webhooks go only to the public internet unless Rapport:Webhooks:AllowPrivateTargets is true", refused.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_a_failure_that_says_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMinutes(1);
        var (ws, rig, _, _) = await SignedUpAsync(receiver.Url);

        await rig.WebhooksTo(new WebhookTargets(allowPrivate: true, TimeSpan.FromSeconds(1))).RunOnceAsync(Ct);

        Assert.Equal($"webhook {receiver.Url} did not answer within 1 s", Assert.Single(await WebhooksAsync(ws, WorkStatus.Waiting)).LastError);
    }

    [Fact]
    public async Task A_failure_recorded_while_the_instance_is_stepped_makes_that_step_look_again_with_no_number_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        var contact = await rig.SubscriberAsync(ws, "news");
        await rig.ActivateAsync(ws, "nudge", $$"""
            {"name": "Nudge", "triggers": [{"event": "Signed Up"}],
             "nodes": [
               {"id": "notify", "type": "action", "webhook": {"url": "{{receiver.Url}}"}, "next": "day"},
               {"id": "day", "type": "wait", "for": "P1D", "next": "mail"},
               {"id": "mail", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Hi", "text": "Hi"}, "next": "done"},
               {"id": "done", "type": "exit"}]}
            """);
        await rig.TrackAsync(ws, contact, "Signed Up");
        await rig.RunUntilQuietAsync();
        var waiting = await rig.InstanceAsync(ws, contact, "nudge");
        store.Clock.Advance(TimeSpan.FromDays(1));

        Assert.True(await rig.Journeys.AppendStepAsync(ws, waiting.Id, new StepRecord("notify", StepKind.WebhookFailed, null, "gave up", Now), Ct));
        Assert.False(await rig.Runner.StepAsync(ws, waiting, Ct)); // taken from the old count: refused
        await rig.Runner.StepLatestAsync(ws, [waiting], Ct);

        var steps = await rig.Journeys.StepsAsync(ws, waiting.Id, Ct);
        Assert.Equal([StepKind.Entered, StepKind.Acted, StepKind.Waiting, StepKind.WebhookFailed, StepKind.Waited, StepKind.Sent, StepKind.Completed],
            steps.Select(s => s.Kind));
        Assert.Equal(steps.Count, (await rig.InstanceAsync(ws, contact, "nudge")).Steps);
        Assert.Single(await rig.MessagesAsync(ws, contact));
        Assert.False(await rig.Journeys.AppendStepAsync(ws, waiting.Id + 1_000_000, new StepRecord("notify", StepKind.WebhookFailed, null, "gave up", Now), Ct));
        await rig.Webhooks.RunOnceAsync(Ct); // the call itself, done
        Assert.Single(receiver.Calls);
    }
}

public sealed class WebhookOnSqlite(SqliteStores store) : WebhookContract(store), IClassFixture<SqliteStores>;

public sealed class WebhookOnPostgres(PostgresStores store) : WebhookContract(store), IClassFixture<PostgresStores>;
