using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Journeys;
using Rapport.Core.Journeys.Simulation;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Journeys;

namespace Rapport.Server.Api;

/// <summary>
/// Journey simulation: a journey (the newest stored version, or a definition not saved) run on a fake clock for real
/// contacts or made-up people, answering each path with its times and the totals. Nothing is sent or stored.
/// </summary>
public static class JourneySimulationApi
{
    private static readonly string[] Fields = ["contactIds", "sample", "days", "responses", "seed"];

    public static IEndpointRouteBuilder MapJourneySimulationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/journeys").WithTags("Journeys").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{key}/simulate", SimulateStoredAsync)
            .WithSummary($"Simulate the newest version for contacts (contactIds) or made-up people (sample), at most {JourneySimulator.MostPeople}, sending and storing nothing")
            .Accepts<SimulationRequest>("application/json").Produces<SimulationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/simulate", SimulateDefinitionAsync).WithSummary("Simulate a definition that is not saved (journey), as above")
            .Accepts<SimulationRequest>("application/json").Produces<SimulationView>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> SimulateStoredAsync(
        string key, HttpContext http, IJourneyStore store, JourneyCatalog catalog, SimulatedContacts contacts, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 64 * 1024, Fields);
        if (fields is null)
        {
            return problem!;
        }

        using (fields)
        {
            var ws = Workspace(http);
            if (await store.GetAsync(ws, key, null, http.RequestAborted) is not { } stored
                || await catalog.VersionAsync(ws, key, stored.Version, http.RequestAborted) is not { } journey)
            {
                return Problems.NotFound("journey");
            }

            return await SimulateAsync(ws, journey.Definition, fields, contacts, clock, http.RequestAborted);
        }
    }

    private static async Task<IResult> SimulateDefinitionAsync(HttpContext http, JourneyCatalog catalog, SimulatedContacts contacts, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 576 * 1024, [.. Fields, "journey"]);
        if (fields is null)
        {
            return problem!;
        }

        using (fields)
        {
            if (fields.Element("journey") is not { ValueKind: JsonValueKind.Object } given || JsonNode.Parse(given.GetRawText()) is not JsonObject document)
            {
                return Problems.Invalid("journey", "required: the journey's definition, as PUT /api/v1/journeys/{key} takes it (key optional)");
            }

            document["key"] ??= "simulation";
            var errors = new FieldErrors();
            var ws = Workspace(http);
            if (await catalog.ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, http.RequestAborted) is not { } definition)
            {
                return Problems.Invalid(Under("journey", errors));
            }

            return await SimulateAsync(ws, definition, fields, contacts, clock, http.RequestAborted);
        }
    }

    private static async Task<IResult> SimulateAsync(
        int ws, JourneyDefinition journey, JsonFields fields, SimulatedContacts contacts, TimeProvider clock, CancellationToken ct)
    {
        var errors = fields.Errors;
        var ids = ContactIds(fields.Element("contactIds"), errors);
        var sample = fields.Number("sample");
        var days = fields.Number("days") ?? 30;
        var seed = fields.Number("seed") ?? Random.Shared.Next();
        if ((ids is null) == (sample is null) && errors.IsEmpty)
        {
            errors.Add("contactIds", $"give contactIds (real contacts) or sample (made-up people), one of the two, at most {JourneySimulator.MostPeople}");
        }

        if (sample is < 1 or > JourneySimulator.MostPeople)
        {
            errors.Add("sample", $"a whole number of people from 1 to {JourneySimulator.MostPeople}");
        }

        if (days is < 1 or > SimulationSettings.MostDays)
        {
            errors.Add("days", $"a whole number of days from 1 to {SimulationSettings.MostDays}");
        }

        var modelErrors = new FieldErrors();
        var model = fields.Element("responses") is { } r ? ResponseModelJson.Read(r, "responses", journey, modelErrors) : ResponseModel.Silent;
        if (!errors.IsEmpty || model is null)
        {
            return Problems.Invalid(Under("", modelErrors, errors));
        }

        var now = clock.GetUtcNow();
        IReadOnlyList<SimulatedPerson> people;
        if (ids is not null)
        {
            (people, var missing) = await contacts.LoadAsync(ws, journey, ids, now, ct);
            if (missing.Count > 0)
            {
                return Problems.Invalid("contactIds", $"no such contact: {string.Join(", ", missing)}");
            }
        }
        else
        {
            people = SimulatedPerson.Sample(journey, sample!.Value, seed);
        }

        return TypedResults.Ok(SimulationView.Of(JourneySimulator.Run(journey, people, new SimulationSettings(now, days, model, seed))));
    }

    private static List<long>? ContactIds(JsonElement? given, FieldErrors errors)
    {
        if (given is not { } list)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > JourneySimulator.MostPeople
            || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var id) || id < 1))
        {
            errors.Add("contactIds", $"an array of 1 to {JourneySimulator.MostPeople} contact ids (positive whole numbers)");
            return null;
        }

        return list.EnumerateArray().Select(e => e.GetInt64()).ToList();
    }

    /// <summary>The errors of <paramref name="sources"/>, each path put under <paramref name="field"/> (none: as they are).</summary>
    private static FieldErrors Under(string field, params FieldErrors[] sources)
    {
        var all = new FieldErrors();
        foreach (var (path, messages) in sources.SelectMany(s => s.ToDictionary()))
        {
            foreach (var message in messages)
            {
                all.Add(field.Length == 0 ? path : path == "body" ? field : $"{field}.{path}", message);
            }
        }

        return all;
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

/// <summary>What to simulate: contactIds or sample, for days (30 unless given), with responses (none unless given) and a seed (drawn unless given).</summary>
public sealed record SimulationRequest(IReadOnlyList<long>? ContactIds, int? Sample, int? Days, JsonObject? Responses, int? Seed, JsonObject? Journey);
