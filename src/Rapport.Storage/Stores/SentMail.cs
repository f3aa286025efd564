using Dapper;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class SentMail(Database db) : ISentMail
{
    public Task<long> EmailsSentSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(db.Queries[Q.EmailsSentSince], new { Since = UnixMs.Of(since) }), ct);
}
