using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>What an identify tells about a person reaches their profile: profile fields and traits, newer over older.</summary>
public abstract class IdentifyContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    [Fact]
    public async Task An_older_identify_fills_gaps_but_never_overwrites_newer_traits()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [Messages.Identify("u-late", null, new JsonObject { ["plan"] = "pro" }, Now)], "test", Now, Ct);
        await store.Events.IngestAsync(ws.Id, [
            Messages.Identify("u-late", null, new JsonObject { ["plan"] = "free", ["city"] = "Oslo", ["phone"] = "601 234 567" }, Now.AddDays(-1)),
        ], "test", Now, Ct);

        var contact = await store.ByExternalIdAsync(ws.Id, "u-late");
        Assert.Equal("pro", (string?)contact.Traits["plan"]);
        Assert.Equal("Oslo", (string?)contact.Traits["city"]);
        Assert.Equal("+48601234567", contact.Phone); // national number, default country PL
    }

    [Fact]
    public async Task A_known_contact_identified_again_keeps_each_field_it_is_told_one_at_a_time()
    {
        var ws = await store.NewWorkspaceAsync();
        var at = Now;
        async Task IdentifyAsync(JsonObject traits, string context = "{}")
        {
            at = at.AddMinutes(1);
            await store.Events.IngestAsync(ws.Id, [Messages.Identify("u-moves", null, traits, at) with { ContextJson = context }], "test", Now, Ct);
        }

        await IdentifyAsync(new JsonObject { ["plan"] = "free" });
        await IdentifyAsync(new JsonObject { ["email"] = "Moved@Example.com" }); // each batch changes one field of a stored profile
        await IdentifyAsync(new JsonObject { ["phone"] = "+48 601 234 567" });
        await IdentifyAsync(new JsonObject { ["address"] = new JsonObject { ["street"] = "Długa 1", ["city"] = "Gdańsk", ["postalCode"] = "80-827" } });
        await IdentifyAsync(new JsonObject { ["address"] = new JsonObject { ["street"] = "Długa 2", ["city"] = "Gdańsk", ["postalCode"] = "80-827" } });
        await IdentifyAsync([], """{"locale": "pl-PL"}""");
        await IdentifyAsync([], """{"timezone": "Europe/Warsaw"}""");
        await IdentifyAsync(new JsonObject { ["plan"] = "pro", ["visits"] = 3 });

        var contact = await store.ByExternalIdAsync(ws.Id, "u-moves");
        Assert.Equal(("Moved@example.com", "+48601234567", "pl-PL", "Europe/Warsaw"), (contact.Email, contact.Phone, contact.Locale, contact.TimeZone));
        Assert.Equal(("Gdańsk", "80-827", "Długa 2"), (contact.Address?.City, contact.Address?.Postcode, contact.Address?.Lines.Single()));
        Assert.Equal(("pro", 3), ((string?)contact.Traits["plan"], (int?)contact.Traits["visits"]));
    }

    [Fact]
    public async Task An_invalid_email_trait_is_kept_as_a_trait_not_lost()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [Messages.Identify("u-bad", null, new JsonObject { ["email"] = "not-an-email" }, Now)], "test", Now, Ct);

        var contact = await store.ByExternalIdAsync(ws.Id, "u-bad");
        Assert.Null(contact.Email);
        Assert.Equal("not-an-email", (string?)contact.Traits["email"]);
    }
}

public sealed class IdentifyOnSqlite(SqliteStores store) : IdentifyContract(store), IClassFixture<SqliteStores>;

public sealed class IdentifyOnPostgres(PostgresStores store) : IdentifyContract(store), IClassFixture<PostgresStores>;
