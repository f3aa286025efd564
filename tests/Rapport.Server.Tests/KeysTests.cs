using System.Net;
using Rapport.Core.Workspaces;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// Keys by role, listed and revoked: through the admin API, and with `rapport keys` while other nodes (a `rapport serve`
/// process, a second host) serve the same database and remember the key.
/// </summary>
public abstract class KeysTests(ServerFixture server) : IDisposable
{
    private const string Track = """{"userId":"keys-u","event":"Tested"}""";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-keys-");

    [Fact]
    public async Task Tracking_refuses_an_admin_key_and_says_to_use_an_ingest_key()
    {
        using var bearer = server.Client(server.AdminKey);
        using var anonymous = server.Anonymous();
        var viaHeader = await bearer.PostAsync("/v1/track", Track);
        var viaBody = await anonymous.PostAsync("/v1/track", $$"""{"writeKey":"{{server.AdminKey}}","userId":"keys-u","event":"Tested"}""");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (viaHeader.Status, viaBody.Status));
        Assert.Contains("use an ingest key", viaHeader.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Client(server.IngestKey).PostAsync("/v1/track", Track)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client(server.IngestKey).GetJsonAsync("/api/v1/keys")).Status);
    }

    [Fact]
    public async Task Keys_are_listed_without_their_secrets_and_a_revoked_one_is_refused_on_its_next_call()
    {
        var name = Some.Id("site");
        var secret = await server.NewKeyAsync(ApiKeyRole.Ingest, name: name);
        using var site = server.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await site.PostAsync("/v1/track", Track)).Status); // remembered by the node from now on

        var (status, list) = await server.Client().GetJsonAsync("/api/v1/keys");
        Assert.Equal(HttpStatusCode.OK, status);
        var key = list!.AsArray().Single(k => k!["name"]!.GetValue<string>() == name)!;
        Assert.Equal(("ingest", "…" + secret[^4..]), (key["role"]!.GetValue<string>(), key["hint"]!.GetValue<string>()));
        Assert.Null(key["revokedAt"]);
        Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey.Hash(secret), list.ToJsonString(), StringComparison.Ordinal);

        var id = key["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client().SendAsync(HttpMethod.Delete, $"/api/v1/keys/{id}", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.PostAsync("/v1/track", Track)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client().SendAsync(HttpMethod.Delete, $"/api/v1/keys/{id}", null)).Status); // again: harmless
        var revoked = (await server.Client().GetJsonAsync("/api/v1/keys")).Body!.AsArray().Single(k => k!["id"]!.GetValue<long>() == id)!;
        Assert.NotNull(revoked["revokedAt"]);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().SendAsync(HttpMethod.Delete, "/api/v1/keys/987654321", null)).Status);
    }

    [Fact]
    public async Task The_API_does_not_revoke_a_workspaces_last_admin_key_nor_another_workspaces_keys()
    {
        var workspace = Some.Id("ws");
        using var admin = server.Client(await server.NewKeyAsync(ApiKeyRole.Admin, workspace));
        var own = (await admin.GetJsonAsync("/api/v1/keys")).Body!.AsArray().Single()!["id"]!.GetValue<long>();

        var (status, problem) = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{own}", null);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("last working admin key", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetJsonAsync("/api/v1/keys")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().SendAsync(HttpMethod.Delete, $"/api/v1/keys/{own}", null)).Status);

        using var second = server.Client(await server.NewKeyAsync(ApiKeyRole.Admin, workspace));
        Assert.Equal(HttpStatusCode.NoContent, (await second.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{own}", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetJsonAsync("/api/v1/keys")).Status);
    }

    [Fact]
    public async Task A_key_revoked_with_the_command_line_stops_at_once_on_a_running_serve_process_and_on_another_node()
    {
        var name = Some.Id("pasted");
        var secret = await server.NewKeyAsync(ApiKeyRole.Ingest, name: name);
        await using var serve = await RapportProcess.ServeAsync(server.Database, _folder.FullName);
        using var onProcess = serve.Client(secret);
        using var onHost = server.Client(secret);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), ((await onProcess.PostAsync("/v1/track", Track)).Status, (await onHost.PostAsync("/v1/track", Track)).Status));

        var listed = await RapportProcess.RunAsync(server.Database, _folder.FullName, "keys", "list");
        var revoked = await RapportProcess.RunAsync(server.Database, _folder.FullName, "keys", "revoke", name);

        Assert.Equal((0, 0), (listed.ExitCode, revoked.ExitCode));
        Assert.EndsWith("no", Row(listed.Output, name), StringComparison.Ordinal);
        Assert.Matches($@"^[0-9]+ +{name} +ingest +…{Regex(secret[^4..])} ", Row(listed.Output, name));
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);
        Assert.Contains($"Revoked ingest key '{name}'", revoked.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onProcess.PostAsync("/v1/track", Track)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onHost.PostAsync("/v1/track", Track)).Status);
        var after = await RapportProcess.RunAsync(server.Database, _folder.FullName, "keys", "list");
        Assert.EndsWith("UTC", Row(after.Output, name), StringComparison.Ordinal); // the time it was revoked
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_at_once_by_another_node_on_the_same_database()
    {
        var secret = await server.NewKeyAsync(ApiKeyRole.Admin);
        await using var node = await server.StartNodeAsync();
        using var other = ServerFixture.Client(node, secret);
        var id = (await other.GetJsonAsync("/api/v1/keys")).Body!.AsArray().Single(k => k!["hint"]!.GetValue<string>() == "…" + secret[^4..])!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await other.GetJsonAsync("/api/v1/contacts?limit=1")).Status); // the other node now knows the key

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client().SendAsync(HttpMethod.Delete, $"/api/v1/keys/{id}", null)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetJsonAsync("/api/v1/contacts?limit=1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ServerFixture.Client(node, server.AdminKey).GetJsonAsync("/api/v1/contacts?limit=1")).Status);
    }

    [Theory]
    [InlineData("revoke", "no-such-key", "No key 'no-such-key'")]
    [InlineData("list", "--workspace=nowhere-at-all", "No workspace 'nowhere-at-all'")]
    public async Task Keys_commands_name_what_they_cannot_find(string verb, string argument, string message)
    {
        var result = await RapportProcess.RunAsync(server.Database, _folder.FullName, "keys", verb, argument);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static string Row(string list, string name) => list.Split('\n').Single(line => line.Contains(name, StringComparison.Ordinal)).TrimEnd();
}

public sealed class KeysOnSqlite(SqliteServer server) : KeysTests(server), IClassFixture<SqliteServer>;

public sealed class KeysOnPostgres(PostgresServer server) : KeysTests(server), IClassFixture<PostgresServer>;
