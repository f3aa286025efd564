using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Segments;

namespace Rapport.Server.Api;

/// <summary>/api/v1/segments: versioned definitions, a preview that saves nothing, members as a page or a streamed CSV.</summary>
public static class SegmentsApi
{
    private const int SampleSize = 20;

    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/segments").WithTags("Segments").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("The current version of every segment").Produces<List<SegmentView>>();
        api.MapPut("/{key}", SaveAsync).WithSummary("Create a segment or store its next version")
            .Accepts<SegmentInput>("application/json").Produces<SegmentView>().ProducesValidationProblem();
        api.MapGet("/{key}", GetAsync).WithSummary("A segment with its member count now").Produces<SegmentView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{key}", DeleteAsync).WithSummary("Delete a segment (its versions stay in the history)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/preview", PreviewAsync).WithSummary("Count and sample the members of a definition without saving it")
            .Accepts<SegmentInput>("application/json").Produces<SegmentPreview>().ProducesValidationProblem();
        api.MapGet("/{key}/members", MembersAsync).WithSummary("Members in id order: a page (?after=&limit=), or all as CSV with ?format=csv")
            .Produces<PageView<SegmentMember>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{key}/changes", ChangesAsync).WithSummary("Who entered and who left the segment, newest first (the stored membership)")
            .Produces<List<Membership>>().ProducesValidationProblem();
        app.MapGet("/api/v1/contacts/{id:long}/segments", ContactSegmentsAsync)
            .WithTags("Segments").RequireApiKey(ApiKeyRole.Admin).WithSummary("The segments the contact is and was in, with the times")
            .Produces<List<Membership>>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ContactSegmentsAsync(long id, HttpContext http, IContactStore contacts, IMembershipStore memberships) =>
        await contacts.GetAsync(Workspace(http), id, http.RequestAborted) is null
            ? Problems.NotFound("contact")
            : TypedResults.Ok(await memberships.OfContactAsync(Workspace(http), id, http.RequestAborted));

    private static async Task<IResult> ListAsync(HttpContext http, ISegmentStore store) =>
        TypedResults.Ok((await store.CurrentAsync(Workspace(http), http.RequestAborted)).Select(s => SegmentView.Of(s, null)).ToList());

    private static async Task<IResult> SaveAsync(
        string key, HttpContext http, ISegmentStore store, SegmentCatalog catalog, TimeProvider clock)
    {
        var (document, problem) = await ReadAsync(http, key);
        if (document is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        var definition = await catalog.ReadAsync(Workspace(http), JsonSerializer.SerializeToElement(document), errors, http.RequestAborted);
        if (definition is null)
        {
            return Problems.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var version = await store.SaveAsync(Workspace(http), key, definition.Name, document.ToJsonString(), now, http.RequestAborted);
        return TypedResults.Ok(SegmentView.Of(new StoredSegment(key, version, definition.Name, document.ToJsonString(), now), null));
    }

    /// <summary>A segment whose evaluation failed or is parked is shown with why, without a count (it would fail again).</summary>
    private static async Task<IResult> GetAsync(string key, HttpContext http, ISegmentStore store, SegmentCatalog catalog, TimeProvider clock)
    {
        var ws = Workspace(http);
        var current = await catalog.ReadAllAsync(ws, http.RequestAborted);
        if (current.Stored.FirstOrDefault(s => s.Key == key) is not { } stored)
        {
            return Problems.NotFound("segment");
        }

        long? count = stored is { Failures: 0, ParkedAt: null } && current.Definitions.TryGetValue(key, out var definition)
            ? await store.CountAsync(ws, definition.Condition, current.Definitions.GetValueOrDefault, clock.GetUtcNow(), http.RequestAborted)
            : null;
        return TypedResults.Ok(SegmentView.Of(stored, count));
    }

    private static async Task<IResult> DeleteAsync(string key, HttpContext http, ISegmentStore store, TimeProvider clock)
    {
        if (!await store.DeleteAsync(Workspace(http), key, clock.GetUtcNow(), http.RequestAborted))
        {
            return Problems.NotFound("segment");
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> ChangesAsync(string key, HttpContext http, IMembershipStore memberships, int? limit) =>
        limit is < 1 or > 1000
            ? Problems.Invalid("limit", "between 1 and 1000")
            : TypedResults.Ok(await memberships.ChangesAsync(Workspace(http), key, limit ?? 100, http.RequestAborted));

    private static async Task<IResult> PreviewAsync(HttpContext http, ISegmentStore store, SegmentCatalog catalog, TimeProvider clock)
    {
        var (document, problem) = await ReadAsync(http, "preview");
        if (document is null)
        {
            return problem!;
        }

        var ws = Workspace(http);
        var errors = new FieldErrors();
        document["name"] ??= "preview";
        var definition = await catalog.ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, http.RequestAborted);
        if (definition is null)
        {
            return Problems.Invalid(errors);
        }

        var current = await catalog.CurrentAsync(ws, http.RequestAborted);
        var now = clock.GetUtcNow();
        var count = await store.CountAsync(ws, definition.Condition, current.GetValueOrDefault, now, http.RequestAborted);
        var sample = await store.MembersAsync(ws, definition.Condition, current.GetValueOrDefault, now, 0, SampleSize, http.RequestAborted);
        return TypedResults.Ok(new SegmentPreview(count, sample));
    }

    private static async Task<IResult> MembersAsync(string key, HttpContext http, ISegmentStore store, SegmentCatalog catalog, TimeProvider clock,
        long? after, int? limit, string? format)
    {
        var ws = Workspace(http);
        var segments = await catalog.ReadAllAsync(ws, http.RequestAborted);
        var current = segments.Definitions;
        if (segments.Stored.FirstOrDefault(s => s.Key == key) is not { } stored)
        {
            return Problems.NotFound("segment");
        }

        if (stored is not { Failures: 0, ParkedAt: null } || !current.TryGetValue(key, out var definition))
        {
            return Problems.Conflict("condition", $"The segment cannot be evaluated ({SegmentView.StatusOf(stored)}): " +
                $"{stored.LastError ?? segments.Unreadable.GetValueOrDefault(key)}. Save a new version to evaluate it again.");
        }

        if (limit is < 1 or > 1000 || format is not (null or "csv" or "json"))
        {
            return Problems.Invalid(limit is < 1 or > 1000 ? "limit" : "format", limit is < 1 or > 1000 ? "between 1 and 1000" : "csv or json");
        }

        var now = clock.GetUtcNow();
        if (format == "csv")
        {
            return Results.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(false));
                await writer.WriteLineAsync("id,externalId,email,phone");
                var page = await store.MembersAsync(ws, definition.Condition, current.GetValueOrDefault, now, 0, 1000, http.RequestAborted);
                while (page.Count > 0)
                {
                    foreach (var m in page)
                    {
                        await writer.WriteLineAsync($"{m.Id},{Csv(m.ExternalId)},{Csv(m.Email)},{Csv(m.Phone)}");
                    }

                    page = await store.MembersAsync(ws, definition.Condition, current.GetValueOrDefault, now, page[^1].Id, 1000, http.RequestAborted);
                }
            }, "text/csv; charset=utf-8", $"{key}.csv");
        }

        var members = await store.MembersAsync(ws, definition.Condition, current.GetValueOrDefault, now, after ?? 0, (limit ?? 100) + 1, http.RequestAborted);
        var items = members.Take(limit ?? 100).ToList();
        return TypedResults.Ok(new PageView<SegmentMember>(items, members.Count > items.Count ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    private static Task<(JsonObject? Document, IResult? Problem)> ReadAsync(HttpContext http, string key) =>
        DefinitionBody.ReadAsync(http, key, 256 * 1024, "a segment is a JSON object with name and condition");

    /// <summary>A CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is neutralised for spreadsheets.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var safe = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

public sealed record SegmentInput(string Name, JsonObject Condition);

/// <param name="Status">"current" while upkeep keeps the members current; "failing" after a failed evaluation (tried again
/// soon); "parked" after too many, until a new version is saved. <paramref name="LastError"/> says why.</param>
public sealed record SegmentView(
    string Key, int Version, string Name, JsonNode? Condition, DateTimeOffset UpdatedAt, long? Members, string Status, int Failures, string? LastError)
{
    public static SegmentView Of(StoredSegment s, long? members) =>
        new(s.Key, s.Version, s.Name, ConditionOf(s.Document), s.CreatedAt, members, StatusOf(s), s.Failures, s.LastError);

    public static string StatusOf(StoredSegment s) => s.ParkedAt is not null ? "parked" : s.Failures > 0 ? "failing" : "current";

    /// <summary>The stored document's condition (none when the document, stored before validation, is not JSON).</summary>
    private static JsonNode? ConditionOf(string document)
    {
        try
        {
            return JsonNode.Parse(document)?["condition"]?.DeepClone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record SegmentPreview(long Count, IReadOnlyList<SegmentMember> Sample);
