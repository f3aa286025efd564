using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class SegmentContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static SegmentDefinition Definition(JsonNode condition, string key = "s")
    {
        var errors = new FieldErrors();
        var definition = SegmentJson.Read(JsonDocument.Parse(new JsonObject { ["key"] = key, ["name"] = key, ["condition"] = condition }.ToJsonString()).RootElement, errors);
        Assert.True(errors.IsEmpty, $"{condition.ToJsonString()}: {errors}");
        return definition!;
    }

    [Fact]
    public async Task Random_definitions_over_random_people_select_exactly_what_the_reference_evaluator_selects()
    {
        var random = new Random(4);
        var (ws, facts) = await Population.CreateAsync(store, random, 80);
        var now = store.Clock.GetUtcNow();
        var named = new Dictionary<string, SegmentDefinition>
        {
            ["buyers"] = Definition(JsonNode.Parse("""{"event": "Order Completed"}""")!, "buyers"),
            ["pros"] = Definition(JsonNode.Parse("""{"trait": "traits.plan", "op": "eq", "value": "pro"}""")!, "pros"),
        };
        var generator = new RandomSegments(random, named.Keys.ToList());
        for (var i = 0; i < 250; i++)
        {
            var document = generator.Condition();
            var definition = Definition(document);
            var evaluator = new SegmentEvaluator(named.GetValueOrDefault, now);
            var expected = facts.Where(f => evaluator.Matches(definition.Condition, f)).Select(f => f.Contact.Id).Order().ToList();
            var actual = (await store.Segments.MembersAsync(ws, definition.Condition, named.GetValueOrDefault, now, 0, 10_000, Ct)).Select(m => m.Id).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"{document.ToJsonString()}\nreference only: {string.Join(",", expected.Except(actual))}\nSQL only: {string.Join(",", actual.Except(expected))}");
            Assert.Equal(expected.Count, await store.Segments.CountAsync(ws, definition.Condition, named.GetValueOrDefault, now, Ct));
        }
    }

    [Fact]
    public async Task Strings_in_a_definition_are_parameters_and_never_SQL()
    {
        var (ws, facts) = await Population.CreateAsync(store, new Random(9), 10);
        var now = store.Clock.GetUtcNow();
        foreach (var evil in new[] { "x' OR '1'='1", "'); DROP TABLE contact; --", "\" OR 1=1 --", "%", "_", "\\", "$.plan" })
        {
            var definitions = new[]
            {
                Definition(new JsonObject { ["trait"] = "traits.plan", ["op"] = "eq", ["value"] = evil }),
                Definition(new JsonObject { ["trait"] = "email", ["op"] = "contains", ["value"] = evil }),
                Definition(new JsonObject { ["any"] = new JsonArray(new JsonObject { ["event"] = evil }, new JsonObject { ["consent"] = new JsonObject { ["topic"] = evil } }) }),
            };
            foreach (var definition in definitions)
            {
                Assert.Empty(await store.Segments.MembersAsync(ws, definition.Condition, _ => null, now, 0, 100, Ct));
            }
        }

        Assert.Equal(facts.Count, (await store.Segments.MembersAsync(ws, new BucketCondition(0, 99), _ => null, now, 0, 100, Ct)).Count);
    }

    [Fact]
    public async Task A_segment_keeps_every_version_and_a_deleted_one_is_gone_from_the_current_list()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        Assert.Equal(1, await store.Segments.SaveAsync(ws.Id, "vip", "VIP", """{"trait": "traits.vip", "op": "eq", "value": true}""", now, Ct));
        Assert.Equal(2, await store.Segments.SaveAsync(ws.Id, "vip", "Very important", """{"trait": "traits.vip", "op": "exists"}""", now, Ct));
        Assert.Equal(("Very important", 2), (await store.Segments.CurrentAsync(ws.Id, Ct)).Select(s => (s.Name, s.Version)).Single());

        Assert.True(await store.Segments.DeleteAsync(ws.Id, "vip", now, Ct));
        Assert.False(await store.Segments.DeleteAsync(ws.Id, "vip", now, Ct));
        Assert.Empty(await store.Segments.CurrentAsync(ws.Id, Ct));
    }
}

public sealed class SegmentsOnSqlite(SqliteStores store) : SegmentContract(store), IClassFixture<SqliteStores>;

public sealed class SegmentsOnPostgres(PostgresStores store) : SegmentContract(store), IClassFixture<PostgresStores>;
