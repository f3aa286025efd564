using Rapport.Core.Consent;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>A contact's consent: record a change, read the state, read the ledger, get their public links.</summary>
public static class ConsentApi
{
    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/v1/contacts/{id:long}").WithTags("Consent").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        contacts.MapPost("/consent", RecordAsync)
            .WithSummary("Grant, confirm, withdraw or change preferences (topic/channel left out: all); idempotent")
            .Accepts<ConsentInput>("application/json").Produces<ConsentAnswer>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        contacts.MapGet("/consent", HistoryAsync).WithSummary("The contact's consent ledger, oldest first")
            .Produces<List<ConsentRecordView>>();
        contacts.MapGet("/subscriptions", SubscriptionsAsync).WithSummary("The current state per topic and channel")
            .Produces<List<SubscriptionView>>();
        contacts.MapGet("/links", LinksAsync).WithSummary("The contact's current preference-center and unsubscribe URLs")
            .Produces<ContactLinks>();
        return app;
    }

    private static async Task<IResult> RecordAsync(long id, HttpContext http, IContactStore contacts, IConsentStore store, TimeProvider clock)
    {
        var ws = Workspace(http);
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 64 * 1024, ConsentJson.Known);
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var record = await ConsentJson.ReadAsync(f, id, ws, store, clock.GetUtcNow(), http.RequestAborted);
        if (record is null)
        {
            return Problems.Invalid(f.Errors);
        }

        if (await contacts.GetAsync(ws, id, http.RequestAborted) is null)
        {
            return Problems.NotFound("contact");
        }

        var outcome = await store.RecordAsync(ws, record, http.RequestAborted);
        var states = await store.SubscriptionsAsync(ws, id, http.RequestAborted);
        if (!outcome.Recorded && record.Action == ConsentAction.Confirm
            && !states.Any(s => record.Covers(s.Topic, s.Channel) && s.Status == SubscriptionStatus.Subscribed))
        {
            return Problems.Conflict("action", "Nothing awaits confirmation: grant with doubleOptIn first.");
        }

        return TypedResults.Ok(new ConsentAnswer(
            outcome.Recorded, outcome.Changed.Select(SubscriptionView.Of).ToList(), states.Select(SubscriptionView.Of).ToList()));
    }

    private static async Task<IResult> HistoryAsync(long id, HttpContext http, IContactStore contacts, IConsentStore store) =>
        await contacts.GetAsync(Workspace(http), id, http.RequestAborted) is null
            ? Problems.NotFound("contact")
            : TypedResults.Ok((await store.HistoryAsync(Workspace(http), id, http.RequestAborted)).Select(ConsentRecordView.Of).ToList());

    private static async Task<IResult> SubscriptionsAsync(long id, HttpContext http, IContactStore contacts, IConsentStore store) =>
        await contacts.GetAsync(Workspace(http), id, http.RequestAborted) is null
            ? Problems.NotFound("contact")
            : TypedResults.Ok((await store.SubscriptionsAsync(Workspace(http), id, http.RequestAborted)).Select(SubscriptionView.Of).ToList());

    private static async Task<IResult> LinksAsync(long id, HttpContext http, IContactStore contacts, PublicLinks links) =>
        await contacts.GetAsync(Workspace(http), id, http.RequestAborted) is not { } contact
            ? Problems.NotFound("contact")
            : TypedResults.Ok(new ContactLinks(
                await links.PreferencesAsync(Workspace(http), contact), await links.UnsubscribeAsync(Workspace(http), contact, null, null)));

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}
