using System.Text.Json.Nodes;
using Rapport.Core.Templates;
using Rapport.Core.Validation;
using Rapport.Engine.Templates;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Templates;

public sealed class TemplateCatalogTests(SqliteStores store) : IClassFixture<SqliteStores>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static JsonObject Document(string key, string text) => new()
    {
        ["key"] = key, ["name"] = key, ["channel"] = "sms", ["locales"] = new JsonObject { ["en"] = new JsonObject { ["text"] = text } },
    };

    [Fact]
    public async Task A_version_is_parsed_when_saved_and_read_back_from_the_store_by_another_node()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var saved = await new TemplateCatalog(store.Templates, store.Clock).SaveAsync(ws, Document("code", "Your code: {{ journey.code }}"), new FieldErrors(), Ct);
        var other = new TemplateCatalog(store.Templates, store.Clock);

        var read = await other.VersionAsync(ws, "code", null, Ct);
        var rendered = await other.RenderAsync(read!.Definition, new TemplateData([], [], new JsonObject { ["code"] = "1234" }, null, null, null, null), null, Ct);

        Assert.Equal(1, saved!.Stored.Version);
        Assert.Same(read.Definition, (await other.VersionAsync(ws, "code", 1, Ct))!.Definition); // parsed once
        Assert.Equal("Your code: 1234", rendered.Text);
    }

    [Fact]
    public async Task A_wrong_document_is_not_stored()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var errors = new FieldErrors();

        Assert.Null(await new TemplateCatalog(store.Templates, store.Clock).SaveAsync(ws, Document("bad", "{% if %}"), errors, Ct));
        Assert.Contains("locales.en.text", errors.ToDictionary().Keys);
        Assert.Empty(await store.Templates.VersionsAsync(ws, "bad", Ct));
    }

    [Fact]
    public void The_cache_of_parsed_versions_is_bounded_forgetting_the_oldest_first()
    {
        var parsed = new ParsedTemplates(capacity: 2);
        var definition = new TemplateDefinition("t", "T", Core.Consent.Channel.Sms, "en", new Dictionary<string, TemplateVariant>());

        parsed.Add(1, "t", 1, definition);
        parsed.Add(1, "t", 2, definition);
        parsed.Add(1, "t", 3, definition);

        Assert.Equal(2, parsed.Count);
        Assert.False(parsed.TryGet(1, "t", 1, out _));
        Assert.True(parsed.TryGet(1, "t", 3, out _));
    }
}
