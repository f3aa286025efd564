using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Rapport.Storage;

namespace Rapport.Bench;

/// <summary>
/// A seeded population for segment benchmarks (and later ones): contacts with plan, country, visits and
/// external id "c{id}", and their tracked events over the past year, written by the fastest plain means.
/// </summary>
public sealed class SegmentData(int seed, int contacts, int events, DateTimeOffset now)
{
    public static readonly string[] Plans = ["free", "pro", "team", "trial"];
    public static readonly string[] Countries = ["PL", "DE", "FR", "GB", "ES"];
    public static readonly string[] EventNames = ["Order Completed", "Product Viewed", "Product Viewed", "Email Clicked", "Product Viewed"];

    public int Contacts => contacts;

    public static string PlanOf(long id) => Plans[(int)(id * 7 % Plans.Length)];

    public async Task WriteAsync(Database db, int workspaceId)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        if (connection is NpgsqlConnection pg)
        {
            await CopyAsync(pg, "COPY contact (id, workspace_id, external_id, email, traits, traits_at, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
                ContactRows(workspaceId), [NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Jsonb, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint]);
            await CopyAsync(pg, "COPY event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source) FROM STDIN (FORMAT BINARY)",
                EventRows(workspaceId), [NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Jsonb, NpgsqlDbType.Jsonb, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text]);
            return;
        }

        await RawInsert.PreparedInsertAsync(connection,
            "INSERT INTO contact (id, workspace_id, external_id, email, traits, traits_at, created_at, updated_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
            ContactRows(workspaceId));
        await RawInsert.PreparedInsertAsync(connection,
            "INSERT INTO event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)",
            EventRows(workspaceId));
    }

    private IEnumerable<object[]> ContactRows(int workspaceId)
    {
        var random = new Random(seed);
        var at = now.AddYears(-1).ToUnixTimeMilliseconds();
        for (long id = 1; id <= contacts; id++)
        {
            var traits = $$"""{"plan":"{{PlanOf(id)}}","country":"{{Countries[random.Next(Countries.Length)]}}","visits":{{random.Next(0, 20)}}}""";
            yield return [id, workspaceId, $"c{id}", $"c{id}@example.com", traits, at, at, at];
        }
    }

    private IEnumerable<object[]> EventRows(int workspaceId)
    {
        var random = new Random(seed + 1);
        var yearMs = (long)TimeSpan.FromDays(365).TotalMilliseconds;
        var nowMs = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < events; i++)
        {
            var name = EventNames[random.Next(EventNames.Length)];
            var at = nowMs - (long)(random.NextDouble() * yearMs);
            var properties = name == "Order Completed" ? $$"""{"total":{{random.Next(5, 500)}}}""" : """{"sku":"s1"}""";
            yield return [workspaceId, "b" + i.ToString(CultureInfo.InvariantCulture), (long)random.Next(1, contacts + 1), "track", name, properties, "{}", at, at, "bench"];
        }
    }

    private static async Task CopyAsync(NpgsqlConnection pg, string copy, IEnumerable<object[]> rows, NpgsqlDbType[] types)
    {
        await using var writer = await pg.BeginBinaryImportAsync(copy);
        foreach (var row in rows)
        {
            await writer.StartRowAsync();
            for (var i = 0; i < row.Length; i++)
            {
                await writer.WriteAsync(row[i], types[i]);
            }
        }

        await writer.CompleteAsync();
    }
}
