using Microsoft.OpenApi;
using Rapport.Core;
using Rapport.Core.Consent;

namespace Rapport.Server.Api;

/// <summary>
/// The public pages in the OpenAPI document: server-rendered HTML that people reach from the links in their messages
/// (each carrying a signed token) or from a signup form on any site. They take form posts, no key.
/// </summary>
internal static class PublicPagesDocument
{
    private const string Tag = "Public pages";
    private const string FormType = "application/x-www-form-urlencoded";

    public static void AddTo(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag, Description = "HTML pages people open from their messages' links (signed tokens) or post signup forms to; no key" });
        var channels = string.Join('|', WireName.All<Channel>().Select(WireName.Of));
        Add(document, "/p/{token}", "token", HttpMethod.Get, "The preference center of the link's person (?saved=1 after saving)", null, Html("the page"));
        Add(document, "/p/{token}", "token", HttpMethod.Post, "Save the preference center: subscriptions, frequency, format, profile fields",
            Form([],
                new Dictionary<string, string>
                {
                    [$@"^sub\.[a-z0-9-]+\.({channels})$"] = "sub.TOPIC.CHANNEL=on keeps or makes the subscription; absent withdraws it",
                    [@"^freq\.[a-z0-9-]+$"] = $"freq.TOPIC: {WireName.List<Frequency>()}",
                    [@"^format\.[a-z0-9-]+$"] = $"format.TOPIC: {WireName.List<MessageFormat>()}",
                    [@"^profile\..+$"] = "profile.FIELD: a field the workspace lets people edit (GET /api/v1/preference-center)",
                }),
            new OpenApiResponses { ["302"] = new OpenApiResponse { Description = "Saved: back to the page with ?saved=1" }, ["400"] = HtmlResponse("a broken or expired link") });
        Add(document, "/p/{token}/leave", "token", HttpMethod.Post, "Unsubscribe from everything: withdraws all consent and suppresses the person's addresses",
            Form(new Dictionary<string, OpenApiSchema>
            {
                ["reason"] = Text("too_many, not_relevant, never_signed_up or other (optional)"),
                ["reasonText"] = Text("in the person's words, at most 1,000 characters (optional)"),
            }), Html("the confirmation"));
        Add(document, "/u/{token}", "token", HttpMethod.Get, "One-click unsubscribe: shows the button only (link scanners unsubscribe nobody)", null, Html("the page"));
        Add(document, "/u/{token}", "token", HttpMethod.Post, "RFC 8058 one-click unsubscribe: withdraws the link's topic (or all) at once",
            Form(new Dictionary<string, OpenApiSchema> { ["List-Unsubscribe"] = Text("One-Click") }, required: ["List-Unsubscribe"]), Html("the confirmation"));
        Add(document, "/confirm/{token}", "token", HttpMethod.Get, "Double opt-in: shows what is pending and a button (opening confirms nothing)", null, Html("the page"));
        Add(document, "/confirm/{token}", "token", HttpMethod.Post, "Double opt-in: confirms every pending grant on the link's channel, with the request as evidence",
            Form([]), Html("the confirmation"));
        Add(document, "/f/{id}", "id", HttpMethod.Post, "A signup form posted from any site (CORS open, a few posts a minute per IP): double opt-in",
            Form(new Dictionary<string, OpenApiSchema>
            {
                ["email"] = Text("the person's e-mail address"),
                ["topics"] = new() { Type = JsonSchemaType.Array, Items = Text("a topic of the form"), Description = "repeatable: the topics to sign up for (default: all of the form's)" },
                ["locale"] = Text("the language of the pages and the mail, e.g. pl-PL (default: the browser's)"),
                [FormsApi.Honeypot] = Text("hidden from people and left empty; a post that fills it is thanked and ignored"),
            }, required: ["email"]),
            new OpenApiResponses
            {
                ["200"] = HtmlResponse("thanks: check your inbox"),
                ["400"] = new OpenApiResponse { Description = "A field is not valid (problem details naming it)" },
                ["404"] = new OpenApiResponse { Description = "No such form" },
                ["429"] = new OpenApiResponse { Description = "Too many posts from this IP address to this form this minute" },
            });
    }

    private static void Add(OpenApiDocument document, string path, string parameter, HttpMethod method, string summary, OpenApiRequestBody? body, OpenApiResponses responses)
    {
        if (!document.Paths.TryGetValue(path, out var item))
        {
            item = new OpenApiPathItem
            {
                Parameters =
                [
                    new OpenApiParameter
                    {
                        Name = parameter, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        Description = parameter == "token" ? "The signed token of the link in the message" : "The form's id (POST /api/v1/forms)",
                    },
                ],
            };
            document.Paths[path] = item;
        }

        ((OpenApiPathItem)item).AddOperation(method, new OpenApiOperation
        {
            Tags = new HashSet<OpenApiTagReference> { new(Tag, document) }, Summary = summary, RequestBody = body, Responses = responses,
        });
    }

    private static OpenApiRequestBody Form(Dictionary<string, OpenApiSchema> fields, Dictionary<string, string>? patterns = null, HashSet<string>? required = null) => new()
    {
        Required = required is not null,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [FormType] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = fields.ToDictionary(f => f.Key, f => (IOpenApiSchema)f.Value),
                    PatternProperties = patterns?.ToDictionary(p => p.Key, p => (IOpenApiSchema)Text(p.Value)),
                    Required = required,
                },
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiResponses Html(string what) => new() { ["200"] = HtmlResponse(what), ["400"] = HtmlResponse("a broken or expired link") };

    private static OpenApiResponse HtmlResponse(string what) => new()
    {
        Description = $"An HTML page: {what}",
        Content = new Dictionary<string, OpenApiMediaType> { ["text/html"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
    };
}
