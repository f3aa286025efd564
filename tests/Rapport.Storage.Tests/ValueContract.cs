using System.Text.Json;
using Dapper;
using Rapport.Core;
using Rapport.Core.Ports;
using System.Text.Json.Nodes;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Value;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class ValueContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Rates every contact with purchase events, as the value refresh does, and puts everyone on the default ladder.</summary>
    private async Task<List<PurchaseHistory>> ValueEveryoneAsync(int ws)
    {
        var histories = new Dictionary<long, PurchaseHistory>();
        await foreach (var (contactId, e) in store.Values.PurchasesAsync(ws, null, Ct))
        {
            histories[contactId] = histories.GetValueOrDefault(contactId, PurchaseHistory.None(contactId)).Add(e);
        }

        var model = ValueModel.Of(histories.Values, ValueSettings.Default);
        await store.Values.WriteAsync(ws, null, histories.Values.Select(h => model.Rate(h, ValueSettings.Default)).ToList(), store.Clock.GetUtcNow(), Ct);
        await store.Ladder.RefreshAsync(ws, LoyaltyLadder.Default, store.Clock.GetUtcNow(), null, Ct);
        return histories.Values.ToList();
    }

    /// <summary>
    /// A random population, valued and staged as the upkeep does, and the reference: the same facts with each
    /// contact's value rated from their own events and their stage from the evaluator.
    /// </summary>
    private async Task<(int Ws, List<ContactFacts> Facts, SegmentEvaluator Evaluator)> ValuedPopulationAsync(Random random)
    {
        var (ws, facts) = await Population.CreateAsync(store, random, 80);
        var stored = await ValueEveryoneAsync(ws);
        var histories = facts.Where(f => f.Events.Any(e => PurchaseHistory.EventNames.Contains(e.Name)))
            .Select(f => PurchaseHistory.From(f.Contact.Id, f.Events)).ToList();
        Assert.Equal(histories.OrderBy(h => h.ContactId), stored.OrderBy(h => h.ContactId));
        var model = ValueModel.Of(histories, ValueSettings.Default);
        var evaluator = new SegmentEvaluator(_ => null, store.Clock.GetUtcNow());
        facts = facts.Select(f => f with { Value = histories.FirstOrDefault(h => h.ContactId == f.Contact.Id) is { } h ? model.Rate(h, ValueSettings.Default) : null })
            .Select(f => f with { Stage = LoyaltyLadder.Default.StageOf(c => evaluator.Matches(c, f)) }).ToList();
        return (ws, facts, evaluator);
    }

    [Fact]
    public async Task Stored_values_stages_and_value_conditions_agree_with_the_reference_for_random_people()
    {
        var random = new Random(21);
        var (ws, facts, evaluator) = await ValuedPopulationAsync(random);
        var now = store.Clock.GetUtcNow();
        Assert.Contains(facts, f => f.Stage >= LoyaltyLadder.Default.Rules[1].Stage); // the population reaches past prospect
        foreach (var f in facts)
        {
            Assert.Equal(f.Value, await store.Values.GetAsync(ws, f.Contact.Id, Ct));
            Assert.Equal(f.Stage, (await store.Ladder.StageAsync(ws, f.Contact.Id, Ct)).Stage);
        }

        var generator = new RandomSegments(random, []);
        for (var i = 0; i < 200; i++)
        {
            var document = generator.Condition();
            var errors = new FieldErrors();
            var definition = SegmentJson.Read(JsonDocument.Parse(new JsonObject { ["key"] = "s", ["name"] = "s", ["condition"] = document }.ToJsonString()).RootElement, errors);
            Assert.True(errors.IsEmpty, errors.ToString());
            var expected = facts.Where(f => evaluator.Matches(definition!.Condition, f)).Select(f => f.Contact.Id).Order().ToList();
            var actual = (await store.Segments.MembersAsync(ws, definition!.Condition, _ => null, now, 0, 10_000, Ct)).Select(m => m.Id).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"{document.ToJsonString()}\nreference only: {string.Join(",", expected.Except(actual))}\nSQL only: {string.Join(",", actual.Except(expected))}");
        }
    }

    /// <summary>
    /// The ladder reads each contact's events and value once for all its rules (ContactTotals), not once per
    /// condition as segments do: random ladders of one to three rules, of every kind of condition a rule may hold,
    /// are held to the reference, refreshed for everyone or for a few listed contacts (the others keep their stage).
    /// </summary>
    [Fact]
    public async Task Ladders_of_random_rules_agree_with_the_reference_for_random_people()
    {
        var random = new Random(34);
        var (ws, facts, evaluator) = await ValuedPopulationAsync(random);
        var generator = new RandomSegments(random, []);
        var now = store.Clock.GetUtcNow();
        var expected = facts.ToDictionary(f => f.Contact.Id, f => f.Stage);
        for (var round = 0; round < 80; round++)
        {
            var stages = Enum.GetValues<LoyaltyStage>().Skip(1).Where(_ => random.Next(2) == 0).Take(3).DefaultIfEmpty(LoyaltyStage.Customer);
            var rules = stages.Select(stage => new LoyaltyLadder.Rule(stage, RuleCondition(generator, round))).ToList();
            var ladder = new LoyaltyLadder(rules);
            var listed = round % 4 < 2 ? null : facts.Where(_ => random.Next(4) == 0).Select(f => f.Contact.Id).ToHashSet();
            await store.Ladder.RefreshAsync(ws, ladder, now, listed, Ct);
            foreach (var f in facts.Where(f => listed is null || listed.Contains(f.Contact.Id)))
            {
                expected[f.Contact.Id] = ladder.StageOf(c => evaluator.Matches(c, f));
            }

            await using var c = await store.Db.OpenAsync(Ct);
            var stored = (await c.QueryAsync<(long ContactId, string Stage)>("SELECT contact_id, stage FROM contact_stage WHERE workspace_id = @Ws", new { Ws = ws }))
                .ToDictionary(r => r.ContactId, r => WireName.TryParse<LoyaltyStage>(r.Stage, out var stage) ? stage : throw new InvalidOperationException(r.Stage));
            var wrong = expected.Where(e => stored.GetValueOrDefault(e.Key, LoyaltyStage.Suspect) != e.Value).Select(e => e.Key).ToList();
            Assert.True(wrong.Count == 0, $"round {round}, listed: {listed is not null}, wrong stage for {string.Join(",", wrong)}: " +
                                          string.Join(" | ", rules.Select(r => $"{r.Stage}: {r.Condition}")));
        }
    }

    /// <summary>A random condition a ladder rule may hold (no stage tests); event conditions, which the ladder reads anew, more often.</summary>
    private static Condition RuleCondition(RandomSegments generator, int round)
    {
        while (true)
        {
            var document = round % 3 == 0 ? generator.Condition() : generator.Event();
            if (!document.ToJsonString().Contains("\"stage\"", StringComparison.Ordinal))
            {
                var errors = new FieldErrors();
                var read = SegmentJson.Read(JsonDocument.Parse(new JsonObject { ["key"] = "r", ["name"] = "r", ["condition"] = document }.ToJsonString()).RootElement, errors);
                Assert.True(errors.IsEmpty, errors.ToString());
                return read!.Condition;
            }
        }
    }

    [Fact]
    public async Task Each_move_on_the_ladder_is_recorded_once_with_its_time_and_counted_in_the_flows()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var start = store.Clock.GetUtcNow();
        await store.Events.IngestAsync(ws, [Messages.Track("fan", null, "Product Viewed", start)], "test", start, Ct);
        var id = (await store.Contacts.FindAsync(ws, Rapport.Core.Ports.ContactKey.ExternalId, "fan", Ct)).Items.Single().Id;
        Assert.Equal(LoyaltyStage.Suspect, (await store.Ladder.StageAsync(ws, id, Ct)).Stage);

        await ValueEveryoneAsync(ws);
        Assert.Equal((LoyaltyStage.Prospect, start), await store.Ladder.StageAsync(ws, id, Ct));

        store.Clock.Advance(TimeSpan.FromDays(3));
        var bought = store.Clock.GetUtcNow();
        await store.Events.IngestAsync(ws, [Order("fan", """{"revenue": 80}""", bought), Order("fan", """{"total": 20, "discount": 5}""", bought)], "test", bought, Ct);
        await ValueEveryoneAsync(ws);
        await ValueEveryoneAsync(ws); // nothing changed: no move
        Assert.Equal(LoyaltyStage.Client, (await store.Ladder.StageAsync(ws, id, Ct)).Stage);
        Assert.Equal(
            [(LoyaltyStage.Suspect, LoyaltyStage.Prospect, start), (LoyaltyStage.Prospect, LoyaltyStage.Client, bought)],
            (await store.Ladder.HistoryAsync(ws, id, Ct)).Select(m => (m.From, m.To, m.At)));
        var told = (await store.Events.TimelineAsync(ws, id, null, 100, Ct)).Items.Where(e => e.Name == "Stage Changed").ToList();
        Assert.Equal(["prospect → client", "suspect → prospect"], told.Select(e => JsonNode.Parse(e.PropertiesJson)!).Select(p => $"{p["from"]} → {p["to"]}"));
        Assert.All(told, e => Assert.Equal("rapport", e.Source));
        var value = (await store.Values.GetAsync(ws, id, Ct))!;
        Assert.Equal((2, 100.0, 5.0, 50.0, 30.0), (value.History.Orders, value.History.Revenue, value.CostToServe, value.History.AverageOrderValue, value.Margin));

        Assert.Equal([new Rapport.Core.Ports.StageFlow(LoyaltyStage.Prospect, LoyaltyStage.Client, 1)],
            await store.Ladder.FlowsAsync(ws, start.AddDays(1), bought.AddDays(1), Ct));
        Assert.Equal(1, (await store.Ladder.StagesAsync(ws, Ct)).Single(s => s.Stage == LoyaltyStage.Client).Contacts);

        Assert.True(await store.Contacts.DeleteAsync(ws, id, Ct));
        Assert.Null(await store.Values.GetAsync(ws, id, Ct));
        Assert.Empty(await store.Ladder.HistoryAsync(ws, id, Ct));
    }

    [Fact]
    public async Task A_contact_deleted_while_upkeep_moves_them_on_the_ladder_and_in_and_out_of_segments_leaves_nothing_behind()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var memberships = new Stores.MembershipStore(store.Db);
        var everyone = new BucketCondition(0, 99);
        var now = store.Clock.GetUtcNow();
        for (var i = 0; i < 40; i++)
        {
            await store.Events.IngestAsync(ws, [Messages.Track($"leaver-{i}", null, "Product Viewed", now)], "test", now, Ct); // a prospect now
            var id = Assert.Single((await store.Contacts.FindAsync(ws, ContactKey.ExternalId, $"leaver-{i}", Ct)).Items).Id;
            await memberships.RefreshAsync(ws, "leavers", everyone, _ => null, now, [id], Ct);
            await Task.WhenAll(
                Task.Run(() => store.Ladder.RefreshAsync(ws, LoyaltyLadder.Default, now, [id], Ct)),
                Task.Run(() => memberships.RefreshAsync(ws, "everyone", everyone, _ => null, now, [id], Ct)),
                Task.Run(() => memberships.RefreshAsync(ws, "leavers", new Not(everyone), _ => null, now, [id], Ct)),
                Task.Run(() => store.Contacts.DeleteAsync(ws, id, Ct)));
        }

        await using var c = await store.Db.OpenAsync(Ct);
        foreach (var table in new[] { "contact_stage", "stage_change", "segment_membership", "event" })
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM {table} t WHERE t.workspace_id = @Ws AND NOT EXISTS (SELECT 1 FROM contact WHERE id = t.contact_id)", new { Ws = ws }));
        }
    }

    private static Rapport.Core.Events.TrackingMessage Order(string userId, string properties, DateTimeOffset at) =>
        Messages.Track(userId, null, PurchaseHistory.OrderCompleted, at) with { PropertiesJson = properties };
}

public sealed class ValueOnSqlite(SqliteStores store) : ValueContract(store), IClassFixture<SqliteStores>;

public sealed class ValueOnPostgres(PostgresStores store) : ValueContract(store), IClassFixture<PostgresStores>;
