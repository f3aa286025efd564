using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class ContactStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_contact_is_stored_with_every_field_and_read_back_equal()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var contact = Some.Contact(now, Some.Id("ext"), Some.Email(), "+48601234567") with
        {
            Address = new PostalAddress("Anna Nowak", ["ul. Długa 1", "m. 2"], "00-001", "Warszawa", "mazowieckie", "PL"),
            Locale = "pl-PL",
            TimeZone = "Europe/Warsaw",
            Traits = new JsonObject { ["plan"] = "pro", ["seats"] = 3, ["tags"] = new JsonArray("a", "b") },
        };

        var added = await store.Contacts.AddAsync(ws.Id, contact, Ct);
        var read = await store.Contacts.GetAsync(ws.Id, added!.Id, Ct);

        Assert.NotNull(read);
        var noTraits = new JsonObject(); // traits are compared as JSON below; records compare them by reference
        Assert.Equal(added with { Traits = noTraits }, read! with { Traits = noTraits });
        Assert.True(JsonNode.DeepEquals(contact.Traits, read.Traits));
    }

    [Fact]
    public async Task An_external_id_belongs_to_one_contact()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var externalId = Some.Id("ext");
        var first = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, externalId), Ct);
        var second = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, externalId), Ct);
        var other = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, Some.Id("ext")), Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Null(await store.Contacts.UpdateAsync(ws.Id, other! with { ExternalId = externalId }, Ct));
    }

    [Fact]
    public async Task A_changed_external_id_still_finds_the_contact_by_identity_and_frees_nothing()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var added = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "old-id"), Ct);
        var updated = await store.Contacts.UpdateAsync(ws.Id, added! with { ExternalId = "new-id" }, Ct);

        Assert.Equal("new-id", updated!.ExternalId);
        Assert.Single((await store.Contacts.FindAsync(ws.Id, ContactKey.ExternalId, "new-id", Ct)).Items);
        Assert.Null(await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "old-id"), Ct));
    }

    [Fact]
    public async Task Contacts_are_found_by_each_key_and_only_in_their_workspace()
    {
        var ws = await store.NewWorkspaceAsync();
        var otherWs = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var email = Some.Email();
        var added = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "x-1", email, "+48601000111"), Ct);
        await store.Contacts.AddAsync(otherWs.Id, Some.Contact(now, "x-1", email, "+48601000111"), Ct);

        foreach (var (key, value) in new[] { (ContactKey.ExternalId, "x-1"), (ContactKey.Email, email), (ContactKey.Phone, "+48601000111") })
        {
            var found = await store.Contacts.FindAsync(ws.Id, key, value, Ct);
            Assert.Equal(added!.Id, Assert.Single(found.Items).Id);
        }
    }

    [Fact]
    public async Task Search_pages_through_every_match_once_in_id_order()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await store.Contacts.AddAsync(ws.Id, Some.Contact(now, $"cust_{i}%"), Ct))!.Id);
        }

        await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "custXother"), Ct);

        var seen = new List<long>();
        var after = 0L;
        string? next;
        do
        {
            var page = await store.Contacts.SearchAsync(ws.Id, "cust_", after, 3, Ct);
            seen.AddRange(page.Items.Select(c => c.Id));
            next = page.Next;
            after = next is null ? 0 : long.Parse(next, System.Globalization.CultureInfo.InvariantCulture);
        }
        while (next is not null);

        Assert.Equal(ids, seen); // "_" is a literal, not a LIKE wildcard: custXother is not a match
    }

    [Fact]
    public async Task Deleting_a_contact_removes_it_and_frees_its_external_id()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var added = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "gone"), Ct);

        Assert.True(await store.Contacts.DeleteAsync(ws.Id, added!.Id, Ct));
        Assert.False(await store.Contacts.DeleteAsync(ws.Id, added.Id, Ct));
        Assert.Null(await store.Contacts.GetAsync(ws.Id, added.Id, Ct));
        Assert.NotNull(await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "gone"), Ct));
    }
}

public sealed class ContactStoreOnSqlite(SqliteStores store) : ContactStoreContract(store), IClassFixture<SqliteStores>;

public sealed class ContactStoreOnPostgres(PostgresStores store) : ContactStoreContract(store), IClassFixture<PostgresStores>;
