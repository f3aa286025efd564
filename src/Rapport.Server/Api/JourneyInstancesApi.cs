using System.Text.Json;
using Rapport.Core;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;
using Rapport.Engine.Journeys;

namespace Rapport.Server.Api;

/// <summary>
/// The people in journeys: entering contacts through the API, a person's instances with every step and why it went that
/// way ("why did she not get the reminder?"), and taking one person out.
/// </summary>
public static class JourneyInstancesApi
{
    /// <summary>The most contacts one call enters.</summary>
    public const int MostEntries = 1000;

    public static IEndpointRouteBuilder MapJourneyInstancesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Journeys").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/journeys/{key}/entries", EnterAsync).WithSummary($"Enter contacts (contactIds, at most {MostEntries}) into an active journey with an api trigger")
            .Accepts<EntryRequest>("application/json").Produces<List<EntryResult>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/journeys/{key}/instances/{id:long}", RemoveAsync).WithSummary("Take one person out of a journey (the instance exits with the reason)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/contacts/{id:long}/journeys", OfContactAsync).WithSummary("A person's journeys, newest first, with every step and why it went that way")
            .Produces<List<InstanceView>>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> EnterAsync(
        string key, HttpContext http, IJourneyStore store, JourneyCatalog catalog, JourneyRunner runner)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request, 64 * 1024, http.RequestAborted);
        if (body is null)
        {
            return problem!;
        }

        List<long> ids;
        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("contactIds", out var list)
                || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MostEntries
                || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var n) || n < 1))
            {
                return Problems.Invalid("contactIds", $"required: an array of 1 to {MostEntries} contact ids (positive integers)");
            }

            ids = list.EnumerateArray().Select(e => e.GetInt64()).Distinct().ToList();
        }

        var ws = Workspace(http);
        if (await store.GetAsync(ws, key, null, http.RequestAborted) is not { } stored)
        {
            return Problems.NotFound("journey");
        }

        if (stored.Status != JourneyStatus.Active || await catalog.VersionAsync(ws, key, stored.Version, http.RequestAborted) is not { } journey)
        {
            return Problems.Conflict("status", $"The journey is {WireName.Of(stored.Status)}: only an active journey takes entries.");
        }

        if (!JourneyEntry.TakesApiEntries(journey.Definition))
        {
            return Problems.Conflict("triggers", "The journey has no api trigger: add {\"api\": true} to its triggers to enter people through the API.");
        }

        var entered = await runner.EnterManyAsync(ws, journey, [.. ids.Select(id => (id, (JourneyEvent?)null))], http.RequestAborted);
        return TypedResults.Ok(ids.Zip(entered, (id, e) => new EntryResult(id, e.Entered?.Id, e.Refused)).ToList());
    }

    private static async Task<IResult> RemoveAsync(string key, long id, HttpContext http, IJourneyStore store, TimeProvider clock)
    {
        var ws = Workspace(http);
        if (await store.InstanceAsync(ws, id, http.RequestAborted) is not { } instance || instance.Journey != key)
        {
            return Problems.NotFound("journey instance");
        }

        var now = clock.GetUtcNow();
        var ended = JourneyStepper.End(instance, InstanceStatus.Exited, "taken out through the API", now);
        if (!await store.WriteStepAsync(ws, instance, ended, [], now, http.RequestAborted)
            && await store.InstanceAsync(ws, id, http.RequestAborted) is { Status: InstanceStatus.Active } moved)
        {
            await store.WriteStepAsync(ws, moved, JourneyStepper.End(moved, InstanceStatus.Exited, "taken out through the API", now), [], now, http.RequestAborted);
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> OfContactAsync(long id, HttpContext http, IContactStore contacts, IJourneyStore store)
    {
        var ws = Workspace(http);
        if (await contacts.GetAsync(ws, id, http.RequestAborted) is null)
        {
            return Problems.NotFound("contact");
        }

        var views = new List<InstanceView>();
        foreach (var instance in await store.OfContactAsync(ws, id, activeOnly: false, http.RequestAborted))
        {
            views.Add(InstanceView.Of(instance, await store.StepsAsync(ws, instance.Id, http.RequestAborted)));
        }

        return TypedResults.Ok(views);
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

public sealed record EntryRequest(IReadOnlyList<long> ContactIds);

/// <summary>One contact's entry: the instance it began (null when refused), or why not.</summary>
public sealed record EntryResult(long ContactId, long? InstanceId, string? Refused);

/// <summary>One person's run through a journey, with each step: what happened at which node, by which edge, why, when.</summary>
public sealed record InstanceView(
    long Id, string Journey, int Version, string Status, string Node, string? Variant, DateTimeOffset EnteredAt, DateTimeOffset? DueAt,
    DateTimeOffset? EndedAt, string? EndReason, IReadOnlyList<StepView> Steps)
{
    public static InstanceView Of(JourneyInstance i, IReadOnlyList<StepRecord> steps) => new(
        i.Id, i.Journey, i.Version, WireName.Of(i.Status), i.Node, i.Variant, i.EnteredAt, i.DueAt, i.EndedAt, i.EndReason,
        steps.Select(s => new StepView(s.Node, WireName.Of(s.Kind), s.Edge, s.Why, s.At)).ToList());
}

public sealed record StepView(string Node, string Kind, string? Edge, string Why, DateTimeOffset At);
