using System.Net;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>`rapport apply` stores a `kind: template` document as its next version, and names the path and line of bad Liquid.</summary>
public abstract class TemplateApplyTests(ServerFixture server) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-templates-");

    [Fact]
    public async Task A_template_applied_from_YAML_is_stored_and_a_wrong_one_names_its_path_line_and_column()
    {
        var key = Some.Id("yaml").ToLowerInvariant();
        var file = Path.Combine(_folder.FullName, "templates.yaml");
        await File.WriteAllTextAsync(file, $$$"""
            kind: template
            key: {{{key}}}
            name: Order shipped
            channel: email
            locales:
              en:
                subject: "Your order is on its way, {{ traits.firstName | default: 'friend' }}"
                html: |
                  <p>It left on {{ journey.shippedAt | date: '%-d %B' }}.</p>
                  <p><a href="{{ preferences_url }}">Your preferences</a></p>
            """);

        var applied = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);
        var again = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);

        Assert.Equal((0, 0), (applied.ExitCode, again.ExitCode));
        Assert.Contains($"template {key}: version 2", again.Output, StringComparison.Ordinal);
        var (_, preview) = await server.Client().PostAsync($"/api/v1/templates/{key}/preview", """{"journey": {"shippedAt": "2027-05-01T10:00:00Z"}}""");
        Assert.Equal("It left on 1 May.\n\nYour preferences (", preview!["text"]!.GetValue<string>()[..37]);

        await File.WriteAllTextAsync(file, $"kind: template\nkey: {key}\nname: Broken\nchannel: sms\nlocales:\n  en:\n    text: \"Hi {{{{ name \"\n");
        var wrong = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("templates.yaml: locales.en.text: Liquid does not parse at line 1, column", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await server.Client().GetJsonAsync($"/api/v1/templates/{key}")).Body!["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetJsonAsync($"/api/v1/templates/{key}?version=1")).Status);
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class TemplateApplyOnSqlite(SqliteServer server) : TemplateApplyTests(server), IClassFixture<SqliteServer>;

public sealed class TemplateApplyOnPostgres(PostgresServer server) : TemplateApplyTests(server), IClassFixture<PostgresServer>;
