using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rapport.Core.Workspaces;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// The contact policy through the real host: the default until one is saved, versions (none for the same rules again),
/// bad documents refused with the field's path and nothing stored, and `kind: policy` in `rapport apply`. Each test has a
/// workspace of its own.
/// </summary>
public abstract class PolicyApiTests(ServerFixture server) : IDisposable
{
    private const string Weekly = """{"caps": {"email": {"perDay": 1, "perWeek": 3}}, "minimumInterval": "P1D", "quietHours": {"email": {"start": "22:00", "end": "07:30"}}}""";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-policy-");

    private async Task<(HttpClient Admin, string Workspace)> WorkspaceAsync()
    {
        var name = Some.Id("policy");
        return (server.Client(await server.NewKeyAsync(ApiKeyRole.Admin, name)), name);
    }

    [Fact]
    public async Task The_default_policy_is_in_force_until_one_is_saved_and_the_same_rules_again_make_no_new_version()
    {
        var (admin, _) = await WorkspaceAsync();

        var (status, initial) = await admin.GetJsonAsync("/api/v1/policy");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((true, null), (initial!["isDefault"]!.GetValue<bool>(), initial["version"]?.GetValue<int>()));
        Assert.Equal(7, initial["policy"]!["caps"]!["email"]!["perWeek"]!.GetValue<int>());
        Assert.Equal("PT1H", initial["policy"]!["minimumInterval"]!.GetValue<string>());
        Assert.Empty(initial["versions"]!.AsArray());

        var (saved, first) = await admin.SendAsync(HttpMethod.Put, "/api/v1/policy", Weekly);
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Equal((false, 1), (first!["isDefault"]!.GetValue<bool>(), first["version"]!.GetValue<int>()));
        Assert.Equal("22:00", first["policy"]!["quietHours"]!["email"]!["start"]!.GetValue<string>());
        Assert.Null(first["policy"]!["caps"]!["email"]!["perMonth"]);
        Assert.Null(first["policy"]!["caps"]!["sms"]); // given, caps are taken as written

        var reordered = """{"quietHours": {"email": {"end": "07:30", "start": "22:00:00"}}, "minimumInterval": "P1D", "caps": {"email": {"perWeek": 3, "perDay": 1}}}""";
        var (_, same) = await admin.SendAsync(HttpMethod.Put, "/api/v1/policy", reordered);
        Assert.Equal(1, same!["version"]!.GetValue<int>());

        var (_, second) = await admin.SendAsync(HttpMethod.Put, "/api/v1/policy", "{}");
        Assert.Equal(2, second!["version"]!.GetValue<int>());
        Assert.Equal(initial["policy"]!.ToJsonString(), second["policy"]!.ToJsonString()); // {} is the default's rules
        var now = (await admin.GetJsonAsync("/api/v1/policy")).Body!;
        Assert.Equal([2, 1], now["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(3, (await admin.GetJsonAsync("/api/v1/policy?version=1")).Body!["policy"]!["caps"]!["email"]!["perWeek"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/v1/policy?version=3")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetJsonAsync("/api/v1/policy?version=0")).Status);
    }

    public static TheoryData<string, string> BadDocuments { get; } = new()
    {
        { """{"caps": {"email": {"perDay": 0}}}""", "caps.email.perDay" },
        { """{"caps": {"email": {"perDay": "2"}}}""", "caps.email.perDay" },
        { """{"caps": {"email": {"perDay": 2.5}}}""", "caps.email.perDay" },
        { """{"caps": {"email": {"perDay": 99999999999999999999}}}""", "caps.email.perDay" },
        { """{"caps": {"fax": {"perDay": 1}}}""", "caps.fax" },
        { """{"caps": {"email": {"perHour": 1}}}""", "caps.email.perHour" },
        { """{"caps": []}""", "caps" },
        { """{"minimumInterval": "soon"}""", "minimumInterval" },
        { """{"minimumInterval": 3600}""", "minimumInterval" },
        { """{"quietHours": {"sms": {"start": "25:00", "end": "08:00"}}}""", "quietHours.sms.start" },
        { """{"quietHours": {"sms": {"start": "21:00"}}}""", "quietHours.sms.end" },
        { """{"quietHours": {"sms": {"start": "21:00", "end": "21:00"}}}""", "quietHours.sms" },
        { """{"transactionalCounts": "yes"}""", "transactionalCounts" },
        { """{"everything": true}""", "everything" },
        { """{"caps": {"email": {"perDay": 1, "perDay": 2}}}""", "caps.email.perDay" },
        { "{\"minimumInterval\": \"PT1H\\u0000\"}", "minimumInterval" },
        { """[]""", "body" },
        { "null", "body" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task A_bad_policy_is_refused_with_problem_details_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var (admin, _) = await WorkspaceAsync();

        var (status, problem) = await admin.SendAsync(HttpMethod.Put, "/api/v1/policy", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem!["errors"]?[field] is not null || problem["field"]?.GetValue<string>() == field, problem.ToJsonString());
        Assert.True((await admin.GetJsonAsync("/api/v1/policy")).Body!["isDefault"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{\"caps\": ")]
    [InlineData("{\"caps\": {}} trailing")]
    [InlineData("")]
    public async Task Broken_JSON_is_a_400_problem_never_a_5xx(string body)
    {
        var (admin, _) = await WorkspaceAsync();
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var response = await admin.PutAsync("/api/v1/policy", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await admin.GetJsonAsync("/api/v1/policy")).Body!["isDefault"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_policy_applied_from_YAML_is_stored_once_and_a_wrong_one_names_its_path()
    {
        var (admin, workspace) = await WorkspaceAsync();
        var file = Path.Combine(_folder.FullName, "policy.yaml");
        await File.WriteAllTextAsync(file, """
            kind: policy
            caps:
              email: { perDay: 1, perWeek: 3 }
              sms: { perWeek: 1 }
            minimumInterval: PT4H
            quietHours:
              sms: { start: "21:00", end: "08:00" }
            """);

        var applied = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file, "--workspace", workspace);
        var again = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file, "--workspace", workspace);

        Assert.Equal((0, 0), (applied.ExitCode, again.ExitCode));
        Assert.Contains("contact policy: version 1", again.Output, StringComparison.Ordinal);
        var policy = (await admin.GetJsonAsync("/api/v1/policy")).Body!;
        Assert.Equal((1, "PT4H"), (policy["version"]!.GetValue<int>(), policy["policy"]!["minimumInterval"]!.GetValue<string>()));

        await File.WriteAllTextAsync(file, "kind: policy\ncaps:\n  email: { perDay: 0 }\n");
        var wrong = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file, "--workspace", workspace);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("policy.yaml: caps.email.perDay:", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await admin.GetJsonAsync("/api/v1/policy")).Body!["version"]!.GetValue<int>());
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class PolicyApiOnSqlite(SqliteServer server) : PolicyApiTests(server), IClassFixture<SqliteServer>;

public sealed class PolicyApiOnPostgres(PostgresServer server) : PolicyApiTests(server), IClassFixture<PostgresServer>;
