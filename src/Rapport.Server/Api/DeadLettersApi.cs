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

public sealed record DeadLetterView(long Id, string Source, string Reason, JsonNode? Payload, DateTimeOffset ReceivedAt)
{
    public static DeadLetterView Of(DeadLetter d) => new(d.Id, d.Source, d.Reason, Parse(d.Payload), d.ReceivedAt);

    private static JsonNode? Parse(string payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(payload);
        }
    }
}
