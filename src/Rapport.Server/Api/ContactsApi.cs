using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Storage.Stores;

namespace Rapport.Server.Api;

/// <summary>/api/v1/contacts: profiles, their look-up, and their timelines.</summary>
public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/v1/contacts").WithTags("Contacts").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        contacts.MapPost("/", CreateAsync).WithSummary("Create a contact")
            .Accepts<ContactInput>("application/json").Produces<ContactView>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        contacts.MapGet("/", ListAsync).WithSummary("Look up by externalId, email or phone, or search with q and paging")
            .Produces<PageView<ContactView>>().ProducesValidationProblem();
        contacts.MapGet("/{id:long}", GetAsync).WithSummary("Get a contact")
            .Produces<ContactView>().ProducesProblem(StatusCodes.Status404NotFound);
        contacts.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change some fields of a contact (null clears one)")
            .Accepts<ContactInput>("application/json").Produces<ContactView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        contacts.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a contact, its identities and events; ?erase=true erases all personal data and keeps only suppression hashes")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        contacts.MapGet("/{id:long}/timeline", TimelineAsync).WithSummary("The contact's events, newest first")
            .Produces<PageView<EventView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IContactStore store, ContactRules rules, TimeProvider clock)
    {
        var (changes, problem) = await ReadChangesAsync(http, rules);
        if (problem is not null)
        {
            return problem;
        }

        if (changes!.ExternalId.Or(null) is null && changes.Email.Or(null) is null && changes.Phone.Or(null) is null)
        {
            return Problems.Invalid("externalId", "a contact needs at least one of externalId, email or phone");
        }

        var added = await store.AddAsync(Workspace(http), changes.ToNewContact(clock.GetUtcNow()), http.RequestAborted);
        return added is null
            ? Problems.Conflict("externalId", "Another contact has this externalId.")
            : TypedResults.Created($"/api/v1/contacts/{added.Id}", ContactView.Of(added));
    }

    private static async Task<IResult> UpdateAsync(
        long id, HttpContext http, IContactStore store, ContactRules rules, TimeProvider clock)
    {
        var (changes, problem) = await ReadChangesAsync(http, rules);
        if (problem is not null)
        {
            return problem;
        }

        if (await store.GetAsync(Workspace(http), id, http.RequestAborted) is not { } contact)
        {
            return Problems.NotFound("contact");
        }

        var updated = await store.UpdateAsync(Workspace(http), changes!.ApplyTo(contact, clock.GetUtcNow()), http.RequestAborted);
        return updated is null
            ? Problems.Conflict("externalId", "Another contact has this externalId.")
            : TypedResults.Ok(ContactView.Of(updated));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext http, IContactStore store) =>
        await store.GetAsync(Workspace(http), id, http.RequestAborted) is { } contact
            ? TypedResults.Ok(ContactView.Of(contact))
            : Problems.NotFound("contact");

    /// <summary>?erase=true erases the person's data for good (GDPR art. 17) instead of only removing the contact.</summary>
    private static async Task<IResult> DeleteAsync(
        long id, bool? erase, HttpContext http, IContactStore store, IPrivacyStore privacy, TimeProvider clock)
    {
        var done = erase == true
            ? await privacy.EraseAsync(Workspace(http), id, PrivacyApi.Actor(RequireApiKey.CallerOf(http)), clock.GetUtcNow(), http.RequestAborted)
            : await store.DeleteAsync(Workspace(http), id, http.RequestAborted);
        return done ? TypedResults.NoContent() : Problems.NotFound("contact");
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, IContactStore store, ContactRules rules,
        string? externalId, string? email, string? phone, string? q, string? after, string? limit)
    {
        var errors = new FieldErrors();
        var exact = rules.Normalize(new ContactChanges
        {
            ExternalId = Given(externalId), Email = Given(email), Phone = Given(phone),
        }, errors);
        var pageSize = Paging.Limit(limit, errors);
        var afterId = Paging.After(after, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var workspace = Workspace(http);
        var ct = http.RequestAborted;
        var page = (exact.ExternalId.Or(null), exact.Email.Or(null), exact.Phone.Or(null)) switch
        {
            ({ } value, _, _) => await store.FindAsync(workspace, ContactKey.ExternalId, value, ct),
            (_, { } value, _) => await store.FindAsync(workspace, ContactKey.Email, value, ct),
            (_, _, { } value) => await store.FindAsync(workspace, ContactKey.Phone, value, ct),
            _ => await store.SearchAsync(workspace, q, afterId, pageSize, ct),
        };
        return TypedResults.Ok(new PageView<ContactView>(page.Items.Select(ContactView.Of).ToList(), page.Next));
    }

    private static async Task<IResult> TimelineAsync(
        long id, HttpContext http, IContactStore contacts, IEventStore events, string? cursor, string? limit)
    {
        var errors = new FieldErrors();
        var pageSize = Paging.Limit(limit, errors);
        if (!EventStore.IsValidCursor(cursor))
        {
            errors.Add("cursor", "must be the 'next' value of the previous page");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (await contacts.GetAsync(Workspace(http), id, http.RequestAborted) is null)
        {
            return Problems.NotFound("contact");
        }

        var page = await events.TimelineAsync(Workspace(http), id, cursor, pageSize, http.RequestAborted);
        return TypedResults.Ok(new PageView<EventView>(page.Items.Select(EventView.Of).ToList(), page.Next));
    }

    private static async Task<(ContactChanges? Changes, IResult? Problem)> ReadChangesAsync(HttpContext http, ContactRules rules)
    {
        var (document, problem) = await JsonBody.ReadAsync(http.Request, JsonBody.DefaultLimit, http.RequestAborted);
        if (problem is not null)
        {
            return (null, problem);
        }

        using var body = document!;
        var errors = new FieldErrors();
        var changes = rules.Normalize(ContactJson.Read(body.RootElement, errors), errors);
        return errors.IsEmpty ? (changes, null) : (null, Problems.Invalid(errors));
    }

    private static Change<string?> Given(string? value) => value is null ? Change<string?>.Keep : Change<string?>.To(value);

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}
