using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Value;
using Rapport.Core.Workspaces;
using Rapport.Engine.Value;

namespace Rapport.Server.Api;

/// <summary>
/// Customer value and the ladder of loyalty: a contact's value, RFM scores, group and stage; the value
/// settings; a full refresh on demand; the ladder's rules; how many stand on each stage and how they moved.
/// </summary>
public static class ValueApi
{
    public static IEndpointRouteBuilder MapValueApi(this IEndpointRouteBuilder app)
    {
        var value = app.MapGroup("/api/v1/value").WithTags("Value").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        value.MapGet("/settings", async (HttpContext http, CustomerValues values) => TypedResults.Ok(await values.SettingsAsync(Workspace(http), http.RequestAborted)))
            .WithSummary("How customers are valued: margin rate, the most valuable share, the growable score").Produces<ValueSettings>();
        value.MapPut("/settings", SaveSettingsAsync).WithSummary("Change how customers are valued (then everyone is re-rated and restaged)")
            .Accepts<ValueSettings>("application/json").Produces<ValueSettings>().ProducesValidationProblem();
        value.MapPost("/refresh", RefreshAsync).WithSummary("Re-rate every customer against all the others and put everyone on their stage now")
            .Produces<ValueRefreshView>();
        value.MapGet("/groups", async (HttpContext http, IValueStore store) =>
                TypedResults.Ok((await store.GroupsAsync(Workspace(http), http.RequestAborted))
                    .Select(g => new ValueGroupView(g.Group is { } x ? WireName.Of(x) : null, g.Contacts)).ToList()))
            .WithSummary("How many valued contacts are in each value group (null: in none)").Produces<List<ValueGroupView>>();

        var loyalty = app.MapGroup("/api/v1/loyalty").WithTags("Value").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        loyalty.MapGet("/ladder", async (HttpContext http, CustomerValues values) =>
                TypedResults.Ok(JsonNode.Parse(await values.LadderDocumentAsync(Workspace(http), http.RequestAborted))))
            .WithSummary("The rule (a segment condition) of each stage above suspect").Produces<JsonObject>();
        loyalty.MapPut("/ladder", SaveLadderAsync).WithSummary("Change the ladder's rules; everyone is put on their stage under them")
            .Accepts<JsonObject>("application/json").Produces<ValueRefreshView>().ProducesValidationProblem();
        loyalty.MapGet("/stages", async (HttpContext http, ILadderStore ladder) =>
                TypedResults.Ok((await ladder.StagesAsync(Workspace(http), http.RequestAborted)).Select(s => new StageCountView(WireName.Of(s.Stage), s.Contacts)).ToList()))
            .WithSummary("How many contacts stand on each stage").Produces<List<StageCountView>>();
        loyalty.MapGet("/flows", FlowsAsync).WithSummary("Moves between stages in a period (?from=&to=, ISO 8601; default the last 30 days)")
            .Produces<List<StageFlowView>>().ProducesValidationProblem();

        app.MapGet("/api/v1/contacts/{id:long}/value", ContactValueAsync).WithTags("Value").RequireApiKey(ApiKeyRole.Admin)
            .WithSummary("The contact's value, RFM scores, value group, stage and moves on the ladder")
            .Produces<ContactValueView>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static Task<IResult> SaveSettingsAsync(HttpContext http, CustomerValues values, Revaluation revaluation) =>
        WithBodyAsync(http, 16 * 1024, async body =>
        {
            var errors = new FieldErrors();
            var settings = ValueSettings.Read(body, await values.SettingsAsync(Workspace(http), http.RequestAborted), errors);
            if (settings is null)
            {
                return Problems.Invalid(errors);
            }

            await revaluation.AnswerAsync(await values.SaveSettingsAsync(Workspace(http), settings, http.RequestAborted), http.RequestAborted);
            return TypedResults.Ok(settings);
        });

    private static async Task<IResult> RefreshAsync(HttpContext http, Revaluation revaluation)
    {
        var (valued, moves) = await revaluation.RequestAsync(Workspace(http), http.RequestAborted);
        return TypedResults.Ok(new ValueRefreshView(valued, moves));
    }

    private static Task<IResult> SaveLadderAsync(HttpContext http, CustomerValues values, Revaluation revaluation) =>
        WithBodyAsync(http, 256 * 1024, async body =>
        {
            var errors = new FieldErrors();
            if (LoyaltyLadder.Read(body, errors) is null)
            {
                return Problems.Invalid(errors);
            }

            var (_, moves) = await revaluation.AnswerAsync(await values.SaveLadderAsync(Workspace(http), body, http.RequestAborted), http.RequestAborted);
            return TypedResults.Ok(new ValueRefreshView(null, moves));
        });

    /// <summary>Runs <paramref name="handle"/> on the JSON body, or answers the body's problem.</summary>
    private static async Task<IResult> WithBodyAsync(HttpContext http, int limit, Func<System.Text.Json.JsonElement, Task<IResult>> handle)
    {
        var (document, problem) = await JsonBody.ReadAsync(http.Request, limit, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            return await handle(document!.RootElement);
        }
    }

    private static async Task<IResult> FlowsAsync(string? from, string? to, HttpContext http, ILadderStore ladder, TimeProvider clock)
    {
        var errors = new FieldErrors();
        var until = Time(to, "to", errors) ?? clock.GetUtcNow().AddMilliseconds(1); // up to and including now
        var since = Time(from, "from", errors) ?? until.AddDays(-30);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var flows = await ladder.FlowsAsync(Workspace(http), since, until, http.RequestAborted);
        return TypedResults.Ok(flows.Select(f => new StageFlowView(WireName.Of(f.From), WireName.Of(f.To), f.Contacts)).ToList());
    }

    private static async Task<IResult> ContactValueAsync(long id, HttpContext http, IContactStore contacts, IValueStore values, ILadderStore ladder)
    {
        var ws = Workspace(http);
        if (await contacts.GetAsync(ws, id, http.RequestAborted) is null)
        {
            return Problems.NotFound("contact");
        }

        var value = await values.GetAsync(ws, id, http.RequestAborted);
        var (stage, since) = await ladder.StageAsync(ws, id, http.RequestAborted);
        var history = await ladder.HistoryAsync(ws, id, http.RequestAborted);
        return TypedResults.Ok(ContactValueView.Of(value ?? ContactValue.None(id), stage, since, history));
    }

    private static DateTimeOffset? Time(string? text, string field, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time.Year is >= 1970 and <= 9998)
        {
            return time;
        }

        errors.Add(field, "an ISO 8601 time from 1970 on, e.g. 2026-11-01T00:00:00Z");
        return null;
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

public sealed record ValueRefreshView(int? Valued, int Moves);

public sealed record ValueGroupView(string? Group, int Contacts);

public sealed record StageCountView(string Stage, int Contacts);

public sealed record StageFlowView(string From, string To, int Contacts);

public sealed record StageMoveView(string From, string To, DateTimeOffset At);

public sealed record ContactValueView(
    int Orders, double Revenue, double Refunds, double Discounts, double NetRevenue, double AverageOrderValue, double Margin, double CostToServe,
    double Value, DateTimeOffset? FirstOrderAt, DateTimeOffset? LastOrderAt, int RecencyScore, int FrequencyScore, int MonetaryScore, string Rfm,
    string? ValueGroup, string Stage, DateTimeOffset? StageSince, IReadOnlyList<StageMoveView> StageHistory)
{
    public static ContactValueView Of(ContactValue v, LoyaltyStage stage, DateTimeOffset? since, IReadOnlyList<StageChange> history) => new(
        v.History.Orders, v.History.Revenue, v.History.Refunds, v.History.Discounts, v.History.NetRevenue, v.History.AverageOrderValue, v.Margin,
        v.CostToServe, v.Value, v.History.FirstOrderAt, v.History.LastOrderAt, v.RecencyScore, v.FrequencyScore, v.MonetaryScore, v.Rfm,
        v.Group is { } g ? WireName.Of(g) : null, WireName.Of(stage), since,
        history.Select(h => new StageMoveView(WireName.Of(h.From), WireName.Of(h.To), h.At)).ToList());
}
