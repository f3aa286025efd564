using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>/api/v1/work: the workspace's background work — what waits, and what failed and was parked with its reason.</summary>
public static class WorkApi
{
    public static IEndpointRouteBuilder MapWorkApi(this IEndpointRouteBuilder app)
    {
        var work = app.MapGroup("/api/v1/work").WithTags("Work").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        work.MapGet("/", ListAsync).WithSummary("Background work items in a status (?status=waiting|failed, default failed), newest first; ?before=ID pages")
            .Produces<PageView<WorkView>>().ProducesValidationProblem();
        work.MapPost("/{id:long}/retry", RetryAsync).WithSummary("Puts a failed (parked) item back to wait, to be tried again at once")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/work/queues", BacklogAsync).WithTags("Work").RequireApiKey(ApiKeyRole.Admin)
            .WithSummary("Each queue's waiting and failed items, and how long its oldest due item has waited")
            .Produces<List<QueueView>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IWorkStore store, string? status, string? before, string? limit)
    {
        var errors = new FieldErrors();
        var pageSize = Paging.Limit(limit, errors);
        var beforeId = Paging.After(before, errors, "before");
        var wanted = WorkStatus.Failed;
        if (status is not null && (!WireName.TryParse(status, out wanted) || wanted == WorkStatus.Done))
        {
            errors.Add("status", "one of waiting, failed");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var items = await store.ListAsync(Workspace(http), wanted, beforeId, pageSize + 1, http.RequestAborted);
        var page = items.Take(pageSize).Select(WorkView.Of).ToList();
        return TypedResults.Ok(new PageView<WorkView>(page, items.Count > pageSize ? page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    private static async Task<IResult> RetryAsync(long id, HttpContext http, IWorkStore store, TimeProvider clock) =>
        await store.RetryAsync(Workspace(http), id, clock.GetUtcNow(), http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound("failed work item");

    private static async Task<IResult> BacklogAsync(IWorkStore store, TimeProvider clock, HttpContext http)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await store.BacklogAsync(now, http.RequestAborted))
            .Select(b => new QueueView(b.Queue, b.Waiting, b.Failed, b.OldestWaitingSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0)).ToList());
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

/// <summary>A work item as the operator sees it: what it is (its kind and content), on which queue, and how it went.</summary>
public sealed record WorkView(long Id, string Queue, string Kind, JsonNode? Item, string Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset DueAt)
{
    public static WorkView Of(StoredWork w) => new(w.Id, w.Queue, w.Item.KindName,
        JsonSerializer.SerializeToNode(w.Item, JsonSerializerOptions.Web), WireName.Of(w.Status), w.Attempts, w.LastError, w.CreatedAt, w.DueAt);
}

/// <summary>One queue's backlog: items waiting, items failed, and the age of its oldest due item in seconds (its lag).</summary>
public sealed record QueueView(string Queue, long Waiting, long Failed, double OldestDueSeconds);
