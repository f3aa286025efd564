using System.Globalization;
using System.Text.Json;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Journeys;
using Rapport.Engine.Templates;

namespace Rapport.Server.Api;

/// <summary>
/// /api/v1/messages: the transactional API (one e-mail from a saved template to a contact, through the same gate as
/// every other message) and support's view of the outbox: what was sent to whom, every decision of the gate, and why.
/// </summary>
public static class MessagesApi
{
    /// <summary>The largest body a queued message takes (its template data mostly).</summary>
    public const int BodyLimit = 256 * 1024;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages").WithTags("Messages").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/", QueueAsync)
            .WithSummary("Queue one e-mail from a saved template to a contact: transactional, or marketing under a topic; it goes through the contact gate")
            .Accepts<MessageInput>("application/json").Produces<QueuedView>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAsync)
            .WithSummary("Messages, newest first (?contactId=, ?journey=, ?status= filter; ?before=ID pages)")
            .Produces<PageView<OutboxMessageView>>().ProducesValidationProblem();
        api.MapGet("/{id}", GetAsync)
            .WithSummary("One message: where it went, its status and reason, every decision of the contact gate, and its content")
            .Produces<MessageDetailView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, IOutbox outbox, string? contactId, string? journey, string? status, string? before, string? limit)
    {
        var errors = new FieldErrors();
        var pageSize = Paging.Limit(limit, errors);
        var beforeId = Paging.After(before, errors, "before");
        var contact = contactId is null ? null : Id(contactId, "contactId", "a contact", errors);
        MessageStatus? wanted = null;
        if (status is not null)
        {
            if (WireName.TryParse<MessageStatus>(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", $"one of: {WireName.List<MessageStatus>()}");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var found = await outbox.ListAsync(Workspace(http), new MessageFilter(contact, journey, wanted), beforeId, pageSize + 1, http.RequestAborted);
        var page = found.Take(pageSize).Select(OutboxMessageView.Of).ToList();
        return TypedResults.Ok(new PageView<OutboxMessageView>(page, found.Count > pageSize ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IOutbox outbox)
    {
        var errors = new FieldErrors();
        if (Id(id, "id", "a message", errors) is not { } messageId)
        {
            return Problems.Invalid(errors);
        }

        var ws = Workspace(http);
        return await outbox.GetAsync(ws, messageId, http.RequestAborted) is { } message
            ? TypedResults.Ok(MessageDetailView.Of(message, await outbox.DecisionsAsync(ws, messageId, http.RequestAborted)))
            : Problems.NotFound("message");
    }

    private static async Task<IResult> QueueAsync(
        HttpContext http, IOutbox outbox, IContactStore contacts, IConsentStore consent, TemplateCatalog templates,
        JourneySender sender, Dispatcher dispatcher, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, BodyLimit, "contactId", "template", "transactional", "topic", "data");
        if (fields is null)
        {
            return problem!;
        }

        using (fields)
        {
            var input = MessageInput.Read(fields);
            if (input is null)
            {
                return Problems.Invalid(fields.Errors);
            }

            var ws = Workspace(http);
            var ct = http.RequestAborted;
            if (await contacts.GetAsync(ws, input.ContactId, ct) is not { } contact)
            {
                return Problems.Invalid("contactId", "no contact has this id in the workspace");
            }

            if (contact.Email is not { Length: > 0 } email)
            {
                return Problems.Invalid("contactId", "the contact has no e-mail address");
            }

            if (input.Topic is { } topic && !(await consent.TopicsAsync(ws, ct)).Any(t => t.Key == topic))
            {
                return Problems.Invalid("topic", $"no topic '{topic}' exists: create it with PUT /api/v1/topics/{{key}}");
            }

            if (await templates.VersionAsync(ws, input.Template, null, ct) is not { } template)
            {
                return Problems.Invalid("template", $"no template '{input.Template}' exists (or its document no longer reads)");
            }

            if (template.Definition.Channel != Channel.Email)
            {
                return Problems.Invalid("template", $"'{input.Template}' is a {WireName.Of(template.Definition.Channel)} template: this API sends e-mail");
            }

            var content = JsonSerializer.Serialize(new TemplatedEmail(input.Template, sender.From, sender.FromName, input.Data ?? []));
            var purpose = input.Transactional ? MessagePurposes.Transactional : MessagePurposes.Api;
            var id = await outbox.QueueAsync(ws, new NewMessage(contact.Id, Channel.Email, input.Topic, purpose, email, content), clock.GetUtcNow(), ct);
            dispatcher.Wake();
            return TypedResults.Json(new QueuedView(id), statusCode: StatusCodes.Status202Accepted);
        }
    }

    /// <summary>A positive whole number; else an error naming the parameter.</summary>
    private static long? Id(string text, string field, string whose, FieldErrors errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        errors.Add(field, $"must be {whose}'s id: a positive whole number");
        return null;
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

/// <summary>The message queued: its id, to follow at GET /api/v1/messages/{id}.</summary>
public sealed record QueuedView(long Id);
