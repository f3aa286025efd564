using System.Text.Json;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>Data subject rights: everything held about a person as one document; erasing them (DELETE ?erase=true).</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/contacts/{id:long}/export", ExportAsync).WithTags("Privacy").RequireApiKey(ApiKeyRole.Admin)
            .WithSummary("Everything held about a person: profile, identities, events, consent history, subscriptions, messages")
            .Produces<PersonalData>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/api/v1/audit", AuditAsync).WithTags("Privacy").RequireApiKey(ApiKeyRole.Admin)
            .WithSummary("The audit log of exports and erasures, oldest first; page with after (the last id seen)")
            .Produces<List<AuditEntry>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> AuditAsync(HttpContext http, IPrivacyStore privacy, long? after, int? limit)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", "between 1 and 1000");
        }

        return TypedResults.Ok(await privacy.AuditLogAsync(RequireApiKey.CallerOf(http).Workspace.Id, after ?? 0, limit ?? 100, http.RequestAborted));
    }

    private static async Task<IResult> ExportAsync(
        long id, HttpContext http, IContactStore contacts, IEventStore events, IConsentStore consent, IOutbox outbox, IPrivacyStore privacy, TimeProvider clock)
    {
        var caller = RequireApiKey.CallerOf(http);
        var ws = caller.Workspace.Id;
        var ct = http.RequestAborted;
        if (await contacts.GetAsync(ws, id, ct) is not { } contact)
        {
            return Problems.NotFound("contact");
        }

        var timeline = new List<EventView>();
        string? cursor = null;
        do
        {
            var page = await events.TimelineAsync(ws, id, cursor, 1000, ct);
            timeline.AddRange(page.Items.Select(EventView.Of));
            cursor = page.Next;
        }
        while (cursor is not null);

        var data = new PersonalData(
            ContactView.Of(contact),
            (await privacy.IdentitiesAsync(ws, id, ct)).Select(i => new IdentityView(i.Kind, i.Value)).ToList(),
            timeline,
            (await consent.HistoryAsync(ws, id, ct)).Select(ConsentRecordView.Of).ToList(),
            (await consent.SubscriptionsAsync(ws, id, ct)).Select(SubscriptionView.Of).ToList(),
            (await outbox.ForContactAsync(ws, id, ct)).Select(m => new MessageView(
                m.Id, m.Channel.ToString().ToLowerInvariant(), m.Topic, m.Purpose, m.Status.ToString().ToLowerInvariant(), m.Recipient,
                JsonDocument.Parse(m.Content).RootElement.Clone(), m.CreatedAt, m.SentAt)).ToList(),
            clock.GetUtcNow());
        await privacy.AuditAsync(ws, Actor(caller), "export", id, "{}", clock.GetUtcNow(), ct);
        return TypedResults.Ok(data);
    }

    public static string Actor(Caller caller) => $"api key {caller.Key.Id} ({caller.Key.Name})";
}

public sealed record PersonalData(
    ContactView Profile, IReadOnlyList<IdentityView> Identities, IReadOnlyList<EventView> Events, IReadOnlyList<ConsentRecordView> ConsentHistory,
    IReadOnlyList<SubscriptionView> Subscriptions, IReadOnlyList<MessageView> Messages, DateTimeOffset ExportedAt);

public sealed record IdentityView(string Kind, string Value);

public sealed record MessageView(
    long Id, string Channel, string? Topic, string Purpose, string Status, string? Recipient, JsonElement Content, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);
