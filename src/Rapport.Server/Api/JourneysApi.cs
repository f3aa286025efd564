using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Journeys;

namespace Rapport.Server.Api;

/// <summary>/api/v1/journeys: versioned definitions and their control (draft → active → paused → stopped).</summary>
public static class JourneysApi
{
    public static IEndpointRouteBuilder MapJourneysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/journeys").WithTags("Journeys").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("The newest version of every journey, with its status").Produces<List<JourneyView>>();
        api.MapPut("/{key}", SaveAsync).WithSummary("Create a journey (a draft) or store its next version, which takes the new entries; "
                + "?waiting=move moves the people waiting at a node it also has onto it; ?dryRun=true saves nothing and says how many each choice moves")
            .Accepts<JsonObject>("application/json").Produces<JourneyView>().Produces<VersionDryRun>().ProducesValidationProblem();
        api.MapGet("/{key}", GetAsync).WithSummary("A journey: its definition, status, how many wait at each node and how many passed each edge")
            .Produces<JourneyView>().ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (verb, status, summary) in Controls)
        {
            api.MapPost($"/{{key}}/{verb}", (string key, HttpContext http, IJourneyStore store, JourneyCatalog catalog, TimeProvider clock) =>
                    ControlAsync(key, status, http, store, catalog, clock))
                .WithSummary(summary).Produces<JourneyView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }

        return app;
    }

    private static readonly (string Verb, JourneyStatus Status, string Summary)[] Controls =
    [
        ("activate", JourneyStatus.Active, "Start taking entries and running (409 when a segment or topic it names is gone)"),
        ("pause", JourneyStatus.Paused, "Hold everyone where they are; timers that pass meanwhile fire on resume, in order"),
        ("resume", JourneyStatus.Active, "Run again after a pause"),
        ("stop", JourneyStatus.Stopped, "Stop for good: every instance exits with the reason"),
    ];

    private static async Task<IResult> ListAsync(HttpContext http, IJourneyStore store) =>
        TypedResults.Ok((await store.ListAsync(Workspace(http), http.RequestAborted)).Select(j => JourneyView.Of(j, null)).ToList());

    /// <summary>
    /// Stores the next version. <paramref name="waiting"/>: <c>stay</c> (default) leaves the people already on their way to
    /// finish on their version; <c>move</c> moves those waiting at a node the new version also has onto it. With
    /// <paramref name="dryRun"/>, nothing is saved and the answer says how many people each choice would move.
    /// </summary>
    private static async Task<IResult> SaveAsync(
        string key, HttpContext http, IJourneyStore store, JourneyCatalog catalog, TimeProvider clock, string? waiting, bool? dryRun)
    {
        if (waiting is not (null or "stay" or "move"))
        {
            return Problems.Invalid("waiting", "stay (they finish on their version) or move (onto the new version, at the node with the same id)");
        }

        var (body, problem) = await JsonBody.ReadAsync(http.Request, 512 * 1024, http.RequestAborted);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            if (JsonNode.Parse(body.RootElement.GetRawText()) is not JsonObject document)
            {
                return Problems.Invalid("body", "a journey is a JSON object with name, triggers and nodes");
            }

            document["key"] = key;
            var errors = new FieldErrors();
            var ws = Workspace(http);
            if (await catalog.ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, http.RequestAborted) is not { } definition)
            {
                return Problems.Invalid(errors);
            }

            if (dryRun == true)
            {
                var counts = await store.CountsAsync(ws, key, http.RequestAborted);
                return TypedResults.Ok(VersionDryRun.Of(counts.WaitingAt, definition.Nodes.Keys.ToHashSet(StringComparer.Ordinal)));
            }

            var (_, moved) = await store.SaveAsync(ws, key, definition.Name, document.ToJsonString(),
                waiting == "move" ? definition.Nodes.Keys.ToList() : null, clock.GetUtcNow(), http.RequestAborted);
            return TypedResults.Ok(JourneyView.Of((await store.GetAsync(ws, key, null, http.RequestAborted))!, null) with { Moved = moved });
        }
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, IJourneyStore store)
    {
        var ws = Workspace(http);
        return await store.GetAsync(ws, key, null, http.RequestAborted) is { } journey
            ? TypedResults.Ok(JourneyView.Of(journey, await store.CountsAsync(ws, key, http.RequestAborted)))
            : Problems.NotFound("journey");
    }

    private static async Task<IResult> ControlAsync(
        string key, JourneyStatus status, HttpContext http, IJourneyStore store, JourneyCatalog catalog, TimeProvider clock)
    {
        var ws = Workspace(http);
        if (await store.GetAsync(ws, key, null, http.RequestAborted) is not { } journey)
        {
            return Problems.NotFound("journey");
        }

        if (journey.Status == JourneyStatus.Stopped && status != JourneyStatus.Stopped)
        {
            return Problems.Conflict("status", "The journey was stopped, and a stopped journey stays stopped: save it under a new key to run it again.");
        }

        if (status == JourneyStatus.Active && await catalog.VersionAsync(ws, key, journey.Version, http.RequestAborted) is { } running
            && await catalog.MissingAsync(ws, running.Definition, http.RequestAborted) is { Count: > 0 } missing)
        {
            return Problems.Conflict(missing[0].Field, "The journey names what is gone: " + string.Join("; ", missing.Select(m => m.Reason)) + ".");
        }

        await store.SetStatusAsync(ws, key, status, clock.GetUtcNow(), http.RequestAborted);
        return TypedResults.Ok(JourneyView.Of((await store.GetAsync(ws, key, null, http.RequestAborted))!, null));
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

/// <summary>A journey as the API shows it; <paramref name="WaitingAt"/>, <paramref name="Passed"/> and <paramref name="Instances"/> only for one journey.</summary>
public sealed record JourneyView(
    string Key, int Version, string Name, string Status, JsonNode? Definition, DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, long>? WaitingAt, IReadOnlyList<EdgeCount>? Passed, IReadOnlyDictionary<string, long>? Instances)
{
    /// <summary>On a save with ?waiting=move: how many waiting people moved onto the new version.</summary>
    public int? Moved { get; init; }

    public static JourneyView Of(StoredJourney j, JourneyCounts? counts) => new(
        j.Key, j.Version, j.Name, Core.WireName.Of(j.Status), JsonNode.Parse(j.Document), j.CreatedAt,
        counts?.WaitingAt, counts?.Passed.Select(p => new EdgeCount(p.Key.Node, p.Key.Edge, p.Value)).OrderBy(e => e.Node, StringComparer.Ordinal).ToList(),
        counts?.ByStatus.ToDictionary(s => Core.WireName.Of(s.Key), s => s.Value));
}

/// <summary>How many people left <paramref name="Node"/> by <paramref name="Edge"/> (all versions).</summary>
public sealed record EdgeCount(string Node, string Edge, long Count);

/// <summary>
/// What saving a new version would do to the people on their way: with ?waiting=stay none move; with ?waiting=move,
/// <paramref name="WouldMove"/> (those at a node the new version also has, by node) move and the rest stay.
/// </summary>
public sealed record VersionDryRun(long Waiting, long WouldMove, long WouldStay, IReadOnlyDictionary<string, long> MovingAt, IReadOnlyDictionary<string, long> StayingAt)
{
    public bool DryRun => true;

    public static VersionDryRun Of(IReadOnlyDictionary<string, long> waitingAt, IReadOnlySet<string> nodes)
    {
        var moving = waitingAt.Where(w => nodes.Contains(w.Key)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        var staying = waitingAt.Where(w => !nodes.Contains(w.Key)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        return new VersionDryRun(waitingAt.Values.Sum(), moving.Values.Sum(), staying.Values.Sum(), moving, staying);
    }
}
