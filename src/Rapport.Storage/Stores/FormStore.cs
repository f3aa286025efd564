using System.Text.Json;
using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class FormStore(Database db) : IFormStore
{
    public Task AddAsync(SignupForm form, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.FormInsert], new
        {
            form.Id, form.WorkspaceId, form.Name, Topics = JsonSerializer.Serialize(form.Topics), form.ConsentTextKey, Now = UnixMs.Of(now),
        }, tx), ct);

    public async Task<IReadOnlyList<SignupForm>> ListAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.FormsList], new { WorkspaceId = workspaceId }), ct)).Select(r => r.ToForm()).ToList();

    public async Task<SignupForm?> GetAsync(string id, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(db.Queries[Q.FormGet], new { Id = id }), ct))?.ToForm();

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public int WorkspaceId { get; init; }
        public string Name { get; init; } = "";
        public string Topics { get; init; } = "[]";
        public string? ConsentTextKey { get; init; }

        public SignupForm ToForm() => new(Id, WorkspaceId, Name, JsonSerializer.Deserialize<List<string>>(Topics) ?? [], ConsentTextKey);
    }
}
