using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>What a workspace offers and what it must never do: topics, consent texts, suppression.</summary>
public static class TopicsApi
{
    public static IEndpointRouteBuilder MapTopicsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Permission").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/topics", async (HttpContext http, IConsentStore store) =>
            TypedResults.Ok(await store.TopicsAsync(Workspace(http), http.RequestAborted))).WithSummary("The workspace's topics");
        api.MapPut("/topics/{key}", SaveTopicAsync).WithSummary("Create or rename a topic")
            .Accepts<TopicInput>("application/json").Produces<Topic>().ProducesValidationProblem();
        api.MapGet("/consent-texts", async (HttpContext http, IConsentStore store) =>
            TypedResults.Ok(await store.ConsentTextsAsync(Workspace(http), http.RequestAborted))).WithSummary("Every version of every consent text");
        api.MapPost("/consent-texts", AddConsentTextAsync).WithSummary("Add the next version of a consent text")
            .Accepts<ConsentTextInput>("application/json").Produces<ConsentText>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapGet("/suppressions", async (HttpContext http, ISuppressionStore store) =>
            TypedResults.Ok((await store.ListAsync(Workspace(http), http.RequestAborted)).Select(SuppressionView.Of).ToList()))
            .WithSummary("Addresses never to be contacted (hashes)");
        api.MapPost("/suppressions", AddSuppressionAsync).WithSummary("Never contact this e-mail address or phone number")
            .Accepts<SuppressionInput>("application/json").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> SaveTopicAsync(string key, HttpContext http, IConsentStore store, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 16 * 1024, "name", "description");
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var errors = f.Errors;
        var topic = new Topic(key, f.Text("name", 200) ?? "", f.Text("description", 2000) ?? "");
        if (!Topic.IsValidKey(key))
        {
            errors.Add("key", "lower-case letters, digits and '-', at most 64, starting with a letter or digit");
        }

        if (topic.Name.Length == 0)
        {
            errors.Add("name", "required");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        await store.SaveTopicAsync(Workspace(http), topic, clock.GetUtcNow(), http.RequestAborted);
        return TypedResults.Ok(topic);
    }

    private static async Task<IResult> AddConsentTextAsync(HttpContext http, IConsentStore store, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 64 * 1024, "key", "locale", "text");
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var errors = f.Errors;
        var (key, locale, text) = (f.Text("key", 64), f.Text("locale", 35), f.Text("text", 20_000));
        if (!Topic.IsValidKey(key))
        {
            errors.Add("key", "required: lower-case letters, digits and '-', at most 64");
        }

        if (locale is null || !LocaleName.TryNormalize(locale, out _, out _))
        {
            errors.Add("locale", "required: a BCP 47 language tag such as en or pl-PL");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("text", "required: the wording people are shown");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var added = await store.AddConsentTextAsync(Workspace(http), key!, locale!, text!, clock.GetUtcNow(), http.RequestAborted);
        return TypedResults.Created($"/api/v1/consent-texts/{added.Key}/{added.Version}", added);
    }

    private static async Task<IResult> AddSuppressionAsync(HttpContext http, ISuppressionStore store, ContactRules rules, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 16 * 1024, "email", "phone", "reason");
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var errors = f.Errors;
        var (email, phone) = (f.Text("email", 320), f.Text("phone", 40));
        var reason = f.Choice<SuppressionReason>("reason") ?? SuppressionReason.Manual;
        var normalized = rules.Normalize(new ContactChanges { Email = Change<string?>.To(email), Phone = Change<string?>.To(phone) }, errors);
        if (email is null && phone is null)
        {
            errors.Add("email", "give an email or a phone");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        if (normalized.Email.Or(null) is { } e)
        {
            await store.AddAsync(Workspace(http), SuppressionKind.Email, e, reason, now, http.RequestAborted);
        }

        if (normalized.Phone.Or(null) is { } p)
        {
            await store.AddAsync(Workspace(http), SuppressionKind.Phone, p, reason, now, http.RequestAborted);
        }

        return TypedResults.NoContent();
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}
