using System.Net;

namespace Rapport.Server.Tests;

/// <summary>`rapport apply` holds YAML definitions to the text the API accepts, and says where a file is wrong.</summary>
public abstract class ApplyTextTests(ServerFixture server) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-apply-");

    [Fact]
    public async Task A_YAML_definition_with_NUL_is_refused_naming_the_document_and_field_and_nothing_is_stored()
    {
        var file = Path.Combine(_folder.FullName, "segments.yaml");
        await File.WriteAllTextAsync(file, """
            kind: segment
            key: yaml-fine
            name: Fine
            condition: { trait: email, op: exists }
            ---
            kind: segment
            key: yaml-nul
            name: Nul
            condition: { trait: traits.plan, op: eq, value: "a\0b" }
            """);

        var applied = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);

        Assert.Equal(1, applied.ExitCode);
        Assert.Contains("segments.yaml: document 2, condition.value: holds the NUL character", applied.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().GetJsonAsync("/api/v1/segments/yaml-nul")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().GetJsonAsync("/api/v1/segments/yaml-fine")).Status); // the file is read whole first
    }

    [Fact]
    public async Task A_YAML_key_given_twice_is_refused_naming_the_document_line_and_key()
    {
        var file = Path.Combine(_folder.FullName, "twice.yaml");
        await File.WriteAllTextAsync(file, "kind: segment\nkey: yaml-once\nname: Once\ncondition: { trait: email, op: exists }\n---\n"
            + "kind: segment\nkey: yaml-twice\nname: Twice\ncondition:\n  trait: traits.plan\n  op: eq\n  value: a\n  value: b\n");

        var applied = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);

        Assert.Equal(1, applied.ExitCode);
        Assert.Contains("twice.yaml: not valid YAML (document 2, line 13: Duplicate key value)", applied.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().GetJsonAsync("/api/v1/segments/yaml-twice")).Status);
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class ApplyTextOnSqlite(SqliteServer server) : ApplyTextTests(server), IClassFixture<SqliteServer>;

public sealed class ApplyTextOnPostgres(PostgresServer server) : ApplyTextTests(server), IClassFixture<PostgresServer>;
