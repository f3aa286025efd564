using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>What the API shows of a segment the upkeep parked: a definition stored before validation refused it.</summary>
public abstract class SegmentStatusTests(ServerFixture server)
{
    [Fact]
    public async Task A_parked_segment_shows_why_refuses_its_members_and_a_new_version_unparks_it()
    {
        var ws = (await server.Services.GetRequiredService<IWorkspaceStore>().FindAsync("default", CancellationToken.None))!.Id;
        var key = Some.Id("old").ToLowerInvariant();
        await server.Services.GetRequiredService<ISegmentStore>().SaveAsync(ws, key, "Old",
            $$$"""{"key": "{{{key}}}", "name": "Old", "condition": {"trait": "traits.plan", "op": "matches", "value": "x"}}""", server.Clock.GetUtcNow(), CancellationToken.None);
        var admin = server.Client();

        var (status, parked) = await Eventually.UntilAsync(() => admin.GetJsonAsync($"/api/v1/segments/{key}"),
            answer => answer.Body?["status"]?.GetValue<string>() == "parked", "the upkeep parking the segment");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("condition.op", parked!["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(parked["members"]);
        Assert.Contains((await admin.GetJsonAsync("/api/v1/segments")).Body!.AsArray(),
            s => s!["key"]!.GetValue<string>() == key && s["status"]!.GetValue<string>() == "parked");
        var (membersStatus, refused) = await admin.GetJsonAsync($"/api/v1/segments/{key}/members");
        Assert.Equal(HttpStatusCode.Conflict, membersStatus);
        Assert.Contains("condition.op", refused!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{key}", """{"name": "Old", "condition": {"trait": "traits.plan", "op": "eq", "value": "x"}}""");
        var (_, saved) = await admin.GetJsonAsync($"/api/v1/segments/{key}");
        Assert.Equal(("current", 2), (saved!["status"]!.GetValue<string>(), saved["version"]!.GetValue<int>()));
        Assert.NotNull(saved["members"]);
    }
}

public sealed class SegmentStatusOnSqlite(SqliteServer server) : SegmentStatusTests(server), IClassFixture<SqliteServer>;

public sealed class SegmentStatusOnPostgres(PostgresServer server) : SegmentStatusTests(server), IClassFixture<PostgresServer>;
