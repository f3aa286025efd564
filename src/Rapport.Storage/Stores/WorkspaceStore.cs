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
        int workspaceId, string name, ApiKeyRole role, string secretHash, string hint, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>(db.Queries[Q.ApiKeyInsert],
                new { WorkspaceId = workspaceId, Name = name, Role = RoleName(role), SecretHash = secretHash, Hint = hint, Now = UnixMs.Of(now) }, tx);
            return new ApiKey(id, workspaceId, name, role, now, hint);
        }, WriteEffect.KeepsIdentities, ct);

    public async Task<(ApiKey Key, Workspace Workspace)?> FindKeyAsync(string secretHash, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<KeyRow>(
            db.Queries[Q.ApiKeyByHash], new { SecretHash = secretHash }), ct);
        return row is null ? null : (row.ToKey(), new Workspace(row.WorkspaceId, row.WorkspaceName));
    }

    public async Task<IReadOnlyList<ApiKey>> KeysAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<KeyRow>(db.Queries[Q.ApiKeysList], new { WorkspaceId = workspaceId }), ct))
        .Select(r => r.ToKey()).ToList();

    public Task<KeyRevocation> RevokeKeyAsync(int workspaceId, long keyId, bool keepOneAdminKey, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(db.Queries[Q.ApiKeyRevisionLock], transaction: tx);
            var key = (await c.QueryAsync<KeyRow>(db.Queries[Q.ApiKeysList], new { WorkspaceId = workspaceId }, tx)).SingleOrDefault(k => k.Id == keyId);
            if (key is null)
            {
                return KeyRevocation.NotFound;
            }

            if (key.RevokedAt is not null)
            {
                return KeyRevocation.AlreadyRevoked;
            }

            if (keepOneAdminKey && key.Role == RoleName(ApiKeyRole.Admin)
                && await c.ExecuteScalarAsync<long>(db.Queries[Q.ApiKeysWorkingAdmins], new { WorkspaceId = workspaceId }, tx) <= 1)
            {
                return KeyRevocation.LastAdminKey;
            }

            await c.ExecuteAsync(db.Queries[Q.ApiKeyRevoke], new { WorkspaceId = workspaceId, Id = keyId, Now = UnixMs.Of(now) }, tx);
            await c.ExecuteAsync(db.Queries[Q.ApiKeyRevisionNext], transaction: tx);
            return KeyRevocation.Revoked;
        }, WriteEffect.KeepsIdentities, ct);

    public Task<long> KeyRevisionAsync(CancellationToken ct) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(db.Queries[Q.ApiKeyRevision]), ct);

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
        public string? Hint { get; init; }
        public long CreatedAt { get; init; }
        public long? RevokedAt { get; init; }
        public string WorkspaceName { get; init; } = "";

        public ApiKey ToKey() => new(Id, WorkspaceId, Name, ParseRole(Role), UnixMs.ToTime(CreatedAt), Hint,
            RevokedAt is { } revoked ? UnixMs.ToTime(revoked) : null);
    }
}
