using System.Net;
using Rapport.Core.Workspaces;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Every /api/v1/contacts/{id}/… route answers 404 for a contact that is not there, or not the caller's.</summary>
public abstract class ContactRoutesTests(ServerFixture server)
{
    private static readonly string[] Reads = ["", "/timeline", "/consent", "/subscriptions", "/links", "/export", "/value", "/segments"];

    [Fact]
    public async Task A_missing_or_foreign_contact_is_404_on_every_per_contact_route()
    {
        var otherWorkspace = server.Client(await server.NewKeyAsync(ApiKeyRole.Admin, Some.Id("ws")));
        var (_, foreign) = await otherWorkspace.PostAsync("/api/v1/contacts", $$$"""{"externalId": "{{{Some.Id("other")}}}"}""");
        var foreignId = foreign!["id"]!.GetValue<long>();
        var admin = server.Client();

        foreach (var id in new[] { foreignId, long.MaxValue })
        {
            foreach (var route in Reads)
            {
                var (status, body) = await admin.GetJsonAsync($"/api/v1/contacts/{id}{route}");
                Assert.True(status == HttpStatusCode.NotFound, $"GET /api/v1/contacts/{id}{route} answered {(int)status}");
                Assert.Equal("No such contact", body!["title"]!.GetValue<string>());
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await otherWorkspace.GetJsonAsync($"/api/v1/contacts/{foreignId}/segments")).Status);
    }

    [Fact]
    public async Task Saving_the_preference_center_without_its_fields_is_refused_and_changes_nothing()
    {
        var admin = server.Client();
        var before = (await admin.GetJsonAsync("/api/v1/preference-center")).Body!.ToJsonString();

        var (status, body) = await admin.SendAsync(HttpMethod.Put, "/api/v1/preference-center", "{}");
        var (nullStatus, _) = await admin.SendAsync(HttpMethod.Put, "/api/v1/preference-center", """{"editableFields": null}""");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (status, nullStatus));
        Assert.NotNull(body!["errors"]!["editableFields"]);
        Assert.Equal(before, (await admin.GetJsonAsync("/api/v1/preference-center")).Body!.ToJsonString());
    }
}

public sealed class ContactRoutesOnSqlite(SqliteServer server) : ContactRoutesTests(server), IClassFixture<SqliteServer>;

public sealed class ContactRoutesOnPostgres(PostgresServer server) : ContactRoutesTests(server), IClassFixture<PostgresServer>;
