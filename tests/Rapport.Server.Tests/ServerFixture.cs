using Microsoft.Extensions.Time.Testing;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;
using Rapport.Server.Hosting;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// The real Rapport host (Kestrel on a free loopback port) on a fresh database of one kind, with an
/// admin key and an ingest key. Shared by the tests of one class; tests use unique ids.
/// </summary>
public abstract class ServerFixture(StoreKind kind) : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = TestClock.New();

    public StoreKind Kind => kind;

    public Uri BaseAddress { get; private set; } = null!;

    public string AdminKey { get; private set; } = "";

    public string IngestKey { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    public TestDatabase Database => _database!;

    /// <summary>The file outbox e-mail goes to in this server.</summary>
    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), "rapport-outbox-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(kind);
        (_app, BaseAddress) = await StartHostAsync();
        AdminKey = await NewKeyAsync(ApiKeyRole.Admin);
        IngestKey = await NewKeyAsync(ApiKeyRole.Ingest);
    }

    /// <summary>A second node: another host on the same database and clock, with its own memory (as another server would be).</summary>
    public async Task<WebApplication> StartNodeAsync() => (await StartHostAsync()).App;

    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>More settings for the host (a fixture with peers of its own starts them here, before the host).</summary>
    protected virtual Task<string[]> SettingsAsync() => Task.FromResult<string[]>([]);

    private async Task<(WebApplication App, Uri Address)> StartHostAsync()
    {
        var app = RapportHost.Build(
            [
                .. await SettingsAsync(),
                "--urls=http://127.0.0.1:0",
                $"--Rapport:Database:Provider={_database!.Options.Provider}",
                $"--Rapport:Database:ConnectionString={_database.Options.ConnectionString}",
                "--Rapport:Phone:DefaultCountry=PL",
                $"--Rapport:Outbox:Folder={Outbox}",
                "--Rapport:Webhooks:AllowPrivateTargets=true", // the tests' receivers listen on this machine
                "--Logging:LogLevel:Default=Warning",
            ],
            builder => builder.Services.AddSingleton<TimeProvider>(Clock));
        await RapportHost.PrepareAsync(app.Services, CancellationToken.None);
        await app.StartAsync();
        return (app, AddressOf(app));
    }

    public async Task<string> NewKeyAsync(ApiKeyRole role, string workspace = Workspace.DefaultName, string? name = null)
    {
        var store = Services.GetRequiredService<IWorkspaceStore>();
        var space = await store.GetOrCreateAsync(workspace, Clock.GetUtcNow(), CancellationToken.None);
        var secret = ApiKey.NewSecret();
        await store.AddKeyAsync(space.Id, name ?? $"test {role}", role, ApiKey.Hash(secret), ApiKey.HintOf(secret), Clock.GetUtcNow(), CancellationToken.None);
        return secret;
    }

    /// <summary>A client of another node (<see cref="StartNodeAsync"/>) sending <paramref name="key"/> as a bearer token.</summary>
    public static HttpClient Client(WebApplication node, string key)
    {
        var client = new HttpClient { BaseAddress = AddressOf(node) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client that sends the admin key (or the given one) as a bearer token.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? AdminKey);
        return client;
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _database!.DisposeAsync();
        if (Directory.Exists(Outbox))
        {
            Directory.Delete(Outbox, recursive: true);
        }
    }
}

public sealed class SqliteServer() : ServerFixture(StoreKind.Sqlite);

public sealed class PostgresServer() : ServerFixture(StoreKind.Postgres);
