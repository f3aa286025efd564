using Rapport.Core.Ports;
using Rapport.Core.Templates;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Journeys;
using Rapport.Engine.Templates;

namespace Rapport.Server.Api;

/// <summary>/api/v1/templates: versioned e-mail and SMS templates in Liquid, and their preview for a contact or sample data.</summary>
public static class TemplatesApi
{
    private const int BodyLimit = 1024 * 1024;

    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/templates").WithTags("Templates").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("The newest version of every template").Produces<List<TemplateView>>();
        api.MapPut("/{key}", SaveAsync).WithSummary("Create a template or store its next version (Liquid that does not parse: 400 with its line and column)")
            .Accepts<TemplateInput>("application/json").Produces<TemplateView>().ProducesValidationProblem();
        api.MapGet("/{key}", GetAsync).WithSummary("A template (?version=N: that version) with its document and every version")
            .Produces<TemplateView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        api.MapDelete("/{key}", DeleteAsync).WithSummary("Delete a template (its versions stay, for the messages rendered from them; 409 while a running journey sends it)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{key}/preview", PreviewAsync)
            .WithSummary("Render a stored template for a contact ({\"contactId\"}) or sample data ({\"sample\": {\"contact\", \"traits\"}}), with \"journey\" data, in a \"locale\"")
            .Accepts<TemplatePreviewBody>("application/json").Produces<TemplatePreview>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ITemplateStore store, TemplateCatalog catalog) =>
        TypedResults.Ok((await store.CurrentAsync(Workspace(http), http.RequestAborted))
            .Select(stored => catalog.Parsed(Workspace(http), stored)).OfType<CurrentTemplate>()
            .Select(t => TemplateView.Of(t, withDocument: false, null)).ToList());

    private static async Task<IResult> SaveAsync(string key, HttpContext http, TemplateCatalog catalog)
    {
        var (document, problem) = await DefinitionBody.ReadAsync(http, key, BodyLimit, "a template is a JSON object with name, channel and locales");
        if (document is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        return await catalog.SaveAsync(Workspace(http), document, errors, http.RequestAborted) is { } saved
            ? TypedResults.Ok(TemplateView.Of(saved, withDocument: true, null))
            : Problems.Invalid(errors);
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, ITemplateStore store, TemplateCatalog catalog, int? version)
    {
        if (version is < 1)
        {
            return Problems.Invalid("version", "a whole number of at least 1");
        }

        var ws = Workspace(http);
        return await catalog.VersionAsync(ws, key, version, http.RequestAborted) is { } template
            ? TypedResults.Ok(TemplateView.Of(template, withDocument: true, await store.VersionsAsync(ws, key, http.RequestAborted)))
            : Problems.NotFound("template");
    }

    private static async Task<IResult> DeleteAsync(string key, HttpContext http, ITemplateStore store, JourneyCatalog journeys, TimeProvider clock)
    {
        if (await journeys.SendingAsync(Workspace(http), key, http.RequestAborted) is { Count: > 0 } sending)
        {
            return Problems.Conflict("key", $"Running journeys send this template: {string.Join(", ", sending)}. Stop them, or save them without it, first.");
        }

        return await store.DeleteAsync(Workspace(http), key, clock.GetUtcNow(), http.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound("template");
    }

    private static async Task<IResult> PreviewAsync(string key, HttpContext http, TemplateCatalog catalog, IContactStore contacts, PublicLinks links)
    {
        var (body, problem) = await DefinitionBody.ReadAsync(http, key, BodyLimit, "a JSON object with contactId or sample, and journey, locale and version, each optional");
        if (body is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (TemplatePreviewInput.Read(body, errors) is not { } input)
        {
            return Problems.Invalid(errors);
        }

        var ws = Workspace(http);
        if (await catalog.VersionAsync(ws, key, input.Version, http.RequestAborted) is not { } template)
        {
            return Problems.NotFound("template");
        }

        TemplateData data;
        if (input.ContactId is { } id)
        {
            if (await contacts.GetAsync(ws, id, http.RequestAborted) is not { } contact)
            {
                return Problems.Invalid("contactId", "no contact has this id");
            }

            data = TemplateData.Of(contact, input.Journey, await links.UnsubscribeAsync(ws, contact, null, null), await links.PreferencesAsync(ws, contact));
        }
        else
        {
            data = input.Sample(links.Sample("u"), links.Sample("p"));
        }

        try
        {
            var rendered = await catalog.RenderAsync(template.Definition, data, input.Locale, http.RequestAborted);
            return TypedResults.Ok(new TemplatePreview(key, template.Stored.Version, rendered.Locale, rendered.Subject, rendered.Html, rendered.Text));
        }
        catch (TemplateRenderException e)
        {
            return Problems.Invalid(e.Path, $"Liquid does not render at line {e.Line}, column {e.Column}: {e.Reason}");
        }
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}
