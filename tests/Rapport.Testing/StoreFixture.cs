using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Contacts;
using Rapport.Core.Workspaces;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Storage;
using Xunit;

namespace Rapport.Testing;

/// <summary>A migrated database of one kind, with every store on it; shared by the tests of one class.</summary>
public abstract class StoreFixture(StoreKind kind) : IAsyncLifetime
{
    private TestDatabase? _database;

    public FakeTimeProvider Clock { get; } = TestClock.New();

    public Database Db { get; private set; } = null!;

    public DatabaseOptions Options => _database!.Options;

    public ContactRules Rules { get; } = new("PL");

    public WorkspaceStore Workspaces => new(Db);

    public ContactStore Contacts => new(Db);

    public EventStore Events => new(Db, Rules);

    public DeadLetterStore DeadLetters => new(Db);

    public ContactImportStore Imports => new(Db);

    public ConsentStore Consent => new(Db);

    public SuppressionStore Suppressions => new(Db);

    public SignupStore Signups => new(Db);

    public OutboxStore Outbox => new(Db);

    public SentMail SentMail => new(Db);

    public SegmentStore Segments => new(Db);

    public ValueStore Values => new(Db);

    public LadderStore Ladder => new(Db);

    public SettingStore Settings => new(Db);

    public MembershipStore Memberships => new(Db);

    public WorkStore Work => new(Db);

    public JourneyStore Journeys => new(Db);

    public TemplateStore Templates => new(Db);

    public PolicyStore Policies => new(Db);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(kind);
        Db = new Database(_database.Options);
        await MigrationRunner.ApplyAsync(Db, Clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>A workspace of its own for one test.</summary>
    public async Task<Workspace> NewWorkspaceAsync() =>
        await Workspaces.GetOrCreateAsync(Some.Id("ws"), Clock.GetUtcNow(), CancellationToken.None);

    /// <summary>The one contact with this external id (fails the test unless there is exactly one).</summary>
    public async Task<Rapport.Core.Contacts.Contact> ByExternalIdAsync(int workspaceId, string externalId) =>
        Assert.Single((await Contacts.FindAsync(workspaceId, Rapport.Core.Ports.ContactKey.ExternalId, externalId, CancellationToken.None)).Items);

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        await _database!.DisposeAsync();
    }
}

public sealed class SqliteStores() : StoreFixture(StoreKind.Sqlite);

public sealed class PostgresStores() : StoreFixture(StoreKind.Postgres);
