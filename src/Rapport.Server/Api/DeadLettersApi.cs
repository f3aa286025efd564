using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>/api/v1/dead-letters: every refused tracking message, with its reason and payload.</summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dead-letters", ListAsync)
            .WithTags("Dead letters").WithSummary("Refused tracking messages, oldest first")
            .Produces<PageView<DeadLetterView>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireApiKey(ApiKeyRole.Admin);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDeadLetterStore store, string? after, string? limit)
    {
        var errors = new FieldErrors();
        var pageSize = Paging.Limit(limit, errors);
        var afterId = Paging.After(after, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var page = await store.ListAsync(RequireApiKey.CallerOf(http).Workspace.Id, afterId, pageSize, http.RequestAborted);
        return TypedResults.Ok(new PageView<DeadLetterView>(page.Items.Select(DeadLetterView.Of).ToList(), page.Next));
    }
}

/// <param name="PayloadNote">
/// Said when the payload is not shown exactly as stored, so that the list can always be read: text no
/// JSON can carry (an unpaired surrogate, NUL, bytes that are not UTF-8) is shown as U+FFFD; a payload
/// that is not JSON every reader takes (a field given twice, or not JSON at all) is shown as a string.
/// </param>
public sealed record DeadLetterView(long Id, string Source, string Reason, JsonNode? Payload, string? PayloadNote, DateTimeOffset ReceivedAt)
{
    public static DeadLetterView Of(DeadLetter d)
    {
        var text = JsonText.Repaired(Encoding.UTF8.GetBytes(d.Payload), out var repaired);
        var payload = Parse(text);
        var notes = new[]
        {
            repaired ? "Text that is not valid (an unpaired surrogate, NUL, or bytes that are not UTF-8) is shown as U+FFFD." : null,
            payload is null ? "The payload is shown as a string: it is not JSON every reader takes (a field is given twice, or it is not JSON)." : null,
        };
        return new(d.Id, d.Source, d.Reason, payload ?? JsonValue.Create(text), string.Join(" ", notes.OfType<string>()) is { Length: > 0 } note ? note : null,
            d.ReceivedAt);
    }

    /// <summary>The payload as JSON, or null when it is not JSON whose every name appears once in its object.</summary>
    private static JsonNode? Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return JsonText.Check(JsonMarshal.GetRawUtf8Value(document.RootElement)) is null ? JsonNode.Parse(payload) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
