using Dapper;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Storage.Stores;

public sealed class WorkspaceStore(Database db) : IWorkspaceStore
{
    public Task<Workspace> GetOrCreateAsync(string name, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(db.Queries[Q.WorkspaceInsert], new { Name = name, Now = UnixMs.Of(now) }, tx);
            var workspace = (await c.QuerySingleAsync<WorkspaceRow>(db.Queries[Q.WorkspaceByName], new { Name = name }, tx)).ToWorkspace();
            await c.ExecuteAsync(db.Queries[Q.TopicsSeed], new { WorkspaceId = workspace.Id, Now = UnixMs.Of(now) }, tx);
            return workspace;
        }, ct);

    public async Task<Workspace?> FindAsync(string name, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<WorkspaceRow>(db.Queries[Q.WorkspaceByName], new { Name = name }), ct))
        ?.ToWorkspace();

    public async Task<IReadOnlyList<int>> IdsAsync(CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<int>(db.Queries[Q.WorkspaceIds]), ct)).ToList();

    public Task<ApiKey> AddKeyAsync(
        int workspaceId, string name, ApiKeyRole role, string secretHash, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>(db.Queries[Q.ApiKeyInsert],
                new { WorkspaceId = workspaceId, Name = name, Role = RoleName(role), SecretHash = secretHash, Now = UnixMs.Of(now) }, tx);
            return new ApiKey(id, workspaceId, name, role, now);
        }, ct);

    public async Task<(ApiKey Key, Workspace Workspace)?> FindKeyAsync(string secretHash, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<KeyRow>(
            db.Queries[Q.ApiKeyByHash], new { SecretHash = secretHash }), ct);
        return row is null
            ? null
            : (new ApiKey(row.Id, row.WorkspaceId, row.Name, ParseRole(row.Role), UnixMs.ToTime(row.CreatedAt)),
               new Workspace(row.WorkspaceId, row.WorkspaceName));
    }

    private static string RoleName(ApiKeyRole role) => role == ApiKeyRole.Admin ? "admin" : "ingest";

    private static ApiKeyRole ParseRole(string role) => role == "admin" ? ApiKeyRole.Admin : ApiKeyRole.Ingest;

    private sealed class WorkspaceRow
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";

        public Workspace ToWorkspace() => new(Id, Name);
    }

    private sealed class KeyRow
    {
        public long Id { get; init; }
        public int WorkspaceId { get; init; }
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
        public long CreatedAt { get; init; }
        public string WorkspaceName { get; init; } = "";
    }
}
