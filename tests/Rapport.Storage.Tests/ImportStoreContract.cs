using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class ImportStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Rows_update_by_external_id_else_email_else_phone_and_create_the_rest()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var byId = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "crm-1", "one@example.com"), Ct);
        var byEmail = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, null, "two@example.com"), Ct);
        var byPhone = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, null, null, "+48601000333"), Ct);
        var claimed = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "crm-9", "taken@example.com"), Ct);

        var summary = await store.Imports.UpsertAsync(ws.Id, [
            Row("crm-1", "changed@example.com", null, "gold"),
            Row(null, "two@example.com", null, "silver"),
            Row(null, null, "+48601000333", "bronze"),
            Row("crm-10", "taken@example.com", null, "new"),
            Row("crm-11", "fresh@example.com", null, "new"),
            Row("crm-11", null, "+48601000444", "again"),
        ], now, Ct);

        Assert.Equal(new ImportBatchSummary(2, 4), summary);
        Assert.Equal("changed@example.com", (await Get(ws.Id, byId!.Id)).Email);
        Assert.Equal("silver", (string?)(await Get(ws.Id, byEmail!.Id)).Traits["tier"]);
        Assert.Equal("bronze", (string?)(await Get(ws.Id, byPhone!.Id)).Traits["tier"]);
        Assert.Equal("crm-9", (await Get(ws.Id, claimed!.Id)).ExternalId);
        var repeated = Assert.Single((await store.Contacts.FindAsync(ws.Id, ContactKey.ExternalId, "crm-11", Ct)).Items);
        Assert.Equal(("fresh@example.com", "+48601000444", "again"), (repeated.Email, repeated.Phone, (string?)repeated.Traits["tier"]));
    }

    [Fact]
    public async Task A_row_with_a_former_external_id_updates_the_renamed_contact_and_keeps_its_new_id()
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        var added = await store.Contacts.AddAsync(ws.Id, Some.Contact(now, "crm-old"), Ct);
        await store.Contacts.UpdateAsync(ws.Id, added! with { ExternalId = "crm-new" }, Ct);

        var summary = await store.Imports.UpsertAsync(ws.Id, [Row("crm-old", null, null, "platinum")], now, Ct);

        Assert.Equal(new ImportBatchSummary(0, 1), summary);
        var contact = await Get(ws.Id, added.Id);
        Assert.Equal(("crm-new", "platinum"), (contact.ExternalId, (string?)contact.Traits["tier"]));
    }

    private async Task<Contact> Get(int workspaceId, long id) => (await store.Contacts.GetAsync(workspaceId, id, Ct))!;

    private static ContactChanges Row(string? externalId, string? email, string? phone, string tier) => new()
    {
        ExternalId = externalId is null ? Change<string?>.Keep : Change<string?>.To(externalId),
        Email = email is null ? Change<string?>.Keep : Change<string?>.To(email),
        Phone = phone is null ? Change<string?>.Keep : Change<string?>.To(phone),
        Traits = new JsonObject { ["tier"] = tier },
    };
}

public sealed class ImportStoreOnSqlite(SqliteStores store) : ImportStoreContract(store), IClassFixture<SqliteStores>;

public sealed class ImportStoreOnPostgres(PostgresStores store) : ImportStoreContract(store), IClassFixture<PostgresStores>;
