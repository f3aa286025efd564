using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>/api/v1/work: what an operator sees of the background work, and the retry of a parked item.</summary>
public abstract class WorkApiTests(ServerFixture server)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>An item of the default workspace parked as failed, as a worker parks one at its last failure.</summary>
    private async Task<long> ParkedAsync(string reason)
    {
        var work = server.Services.GetRequiredService<IWorkStore>();
        var ws = (await server.Services.GetRequiredService<IWorkspaceStore>().FindAsync("default", Ct))!.Id;
        var later = server.Clock.GetUtcNow().AddYears(10); // not due while the test looks at it: no worker takes it
        var id = await work.RecordAsync(ws, new SegmentSaved(Some.Id("gone")), later, Ct);
        var (lease, items) = await work.ClaimAsync(WorkQueues.SegmentMembership, later, TimeSpan.FromMinutes(1), 1000, Ct);
        Assert.Contains(items, i => i.Id == id);
        await work.FailAsync(lease, id, reason, null, later, Ct);
        return id;
    }

    [Fact]
    public async Task A_parked_item_is_listed_with_its_reason_and_a_retry_puts_it_back()
    {
        var id = await ParkedAsync("NpgsqlException: the disk is full");
        var admin = server.Client();

        var (status, failed) = await admin.GetJsonAsync("/api/v1/work?status=failed");
        Assert.Equal(HttpStatusCode.OK, status);
        var item = failed!["items"]!.AsArray().Single(i => i!["id"]!.GetValue<long>() == id)!;
        Assert.Equal(("segment-membership", "segment-saved", "failed"), (item["queue"]!.GetValue<string>(), item["kind"]!.GetValue<string>(), item["status"]!.GetValue<string>()));
        Assert.Equal("NpgsqlException: the disk is full", item["lastError"]!.GetValue<string>());
        Assert.Equal("segment-saved", item["item"]!["kind"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Post, $"/api/v1/work/{id}/retry", null)).Status);
        var (_, after) = await admin.GetJsonAsync("/api/v1/work?status=failed");
        Assert.DoesNotContain(after!["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);
        var (again, problem) = await admin.SendAsync(HttpMethod.Post, $"/api/v1/work/{id}/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Equal("application/problem+json", (await admin.PostAsync($"/api/v1/work/{id}/retry", null)).Content.Headers.ContentType?.MediaType);
        Assert.NotNull(problem!["title"]);
    }

    [Fact]
    public async Task Bad_queries_are_refused_with_the_field_and_other_keys_are_refused()
    {
        var admin = server.Client();
        foreach (var (query, field) in new[] { ("status=done", "status"), ("status=nope", "status"), ("before=-1", "before"), ("limit=0", "limit") })
        {
            var (status, problem) = await admin.GetJsonAsync($"/api/v1/work?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(problem!["errors"]![field]);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client(server.IngestKey).GetAsync("/api/v1/work")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/v1/work/queues")).StatusCode);
    }

    [Fact]
    public async Task The_queues_show_what_waits()
    {
        var (status, queues) = await server.Client().GetJsonAsync("/api/v1/work/queues");
        Assert.Equal(HttpStatusCode.OK, status);
        var names = queues!.AsArray().Select(q => q!["queue"]!.GetValue<string>()).ToList();
        Assert.Contains(WorkQueues.CustomerValue, names); // its daily rating of everyone waits
        Assert.All(queues.AsArray(), q => Assert.True(q!["waiting"]!.GetValue<long>() >= 0 && q["oldestDueSeconds"]!.GetValue<double>() >= 0));
    }
}

public sealed class WorkApiOnSqlite(SqliteServer server) : WorkApiTests(server), IClassFixture<SqliteServer>;

public sealed class WorkApiOnPostgres(PostgresServer server) : WorkApiTests(server), IClassFixture<PostgresServer>;
