using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>
/// Ids that links, the ledger or the audit log point at are never given again: every way a contact comes to be gives
/// it an id no contact ever had, and a link nonce of its own; an erased dead letter's id does not come back either.
/// </summary>
public abstract class LastingIdsContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    /// <summary>The ways contacts are created: the API, a signup, ingest, an import; each returns the new contact.</summary>
    private IEnumerable<Func<int, Task<Contact>>> Sources() =>
    [
        async ws => (await store.Contacts.AddAsync(ws, Some.Contact(Now, Some.Id("api")), Ct))!,
        async ws =>
        {
            var email = Some.Email();
            var result = await store.Signups.SignUpAsync(ws, new SignupRequest(email, "en", ["news"], ConsentSource.Api, Evidence.None), Now,
                TimeSpan.FromHours(1), _ => new EmailMessage("", "from@shop.example", null, email, "Confirm", "Body", null, []), Ct);
            return (await store.Contacts.GetAsync(ws, result.ContactId, Ct))!;
        },
        async ws =>
        {
            var userId = Some.Id("ingest");
            await store.Events.IngestAsync(ws, [Messages.Track(userId, null, "Signed In", Now)], "test", Now, Ct);
            return await store.ByExternalIdAsync(ws, userId);
        },
        async ws =>
        {
            var externalId = Some.Id("import");
            await store.Imports.UpsertAsync(ws, [new ContactChanges { ExternalId = Change<string?>.To(externalId) }], Now, Ct);
            return await store.ByExternalIdAsync(ws, externalId);
        },
    ];

    [Fact]
    public async Task The_id_of_a_deleted_contact_is_never_given_again_whoever_makes_the_next_one()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var sources = Sources().ToList();
        foreach (var (create, then) in sources.SelectMany(a => sources.Select(b => (a, b))))
        {
            var gone = await create(ws);
            Assert.True(await store.Contacts.DeleteAsync(ws, gone.Id, Ct));

            var next = await then(ws);

            Assert.True(next.Id > gone.Id, $"the id {gone.Id} of a deleted contact was given again ({next.Id})");
        }
    }

    [Fact]
    public async Task The_id_of_an_erased_dead_letter_is_never_given_again()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        async Task<long> NewestAsync()
        {
            await store.DeadLetters.AddAsync(ws, [new DeadLetter(0, "test", "refused", $$$"""{"userId": "{{{Some.Id("u")}}}"}""", Now)], Ct);
            return (await store.DeadLetters.ListAsync(ws, 0, 1000, Ct)).Items.Max(d => d.Id);
        }

        await NewestAsync();
        var erased = await NewestAsync();
        await store.Db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM dead_letter WHERE id = @Id", new { Id = erased }, tx), Ct); // as an erasure does

        Assert.True(await NewestAsync() > erased);
    }

    [Fact]
    public async Task Every_new_contact_gets_a_link_nonce_of_its_own_and_keeps_it()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var created = new List<Contact>();
        foreach (var create in Sources().Concat(Sources()))
        {
            created.Add(await create(ws));
        }

        Assert.All(created, c => Assert.NotEqual(0, c.LinkNonce));
        Assert.Equal(created.Count, created.Select(c => c.LinkNonce).Distinct().Count());
        var changed = await store.Contacts.UpdateAsync(ws, created[0] with { Email = Some.Email(), UpdatedAt = Now }, Ct);
        Assert.Equal(created[0].LinkNonce, (await store.Contacts.GetAsync(ws, changed!.Id, Ct))!.LinkNonce);
    }
}

public sealed class LastingIdsOnSqlite(SqliteStores store) : LastingIdsContract(store), IClassFixture<SqliteStores>;

public sealed class LastingIdsOnPostgres(PostgresStores store) : LastingIdsContract(store), IClassFixture<PostgresStores>;
