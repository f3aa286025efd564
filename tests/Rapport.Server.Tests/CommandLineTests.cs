using System.Net;
using System.Net.Sockets;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>The command line as a newcomer meets it: mistakes named in a line, help for every verb, a start that fails cleanly.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-cl-");

    [Theory]
    [InlineData("Unknown verb 'jorney' for 'rapport'", "jorney", "--help")]
    [InlineData("Unknown option '--worksapce' for 'rapport serve'", "serve", "--worksapce", "x")]
    [InlineData("Unknown option '--rol' for 'rapport keys create': did you mean '--role'?", "keys", "create", "--rol", "admin")]
    [InlineData("Unexpected argument 'now' for 'rapport migrate'", "migrate", "now")]
    [InlineData("Unknown option '-w' for 'rapport keys list'", "keys", "list", "-w", "shop")]
    public async Task An_unknown_verb_or_a_misspelled_option_is_an_error_that_names_it(string message, params string[] args)
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, args);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("--Section:Key=value", result.Error, StringComparison.Ordinal); // and what would have been taken as configuration
        Assert.False(Directory.Exists(Path.Combine(_folder.FullName, "data")), "nothing was run");
    }

    [Fact]
    public async Task Arguments_that_look_like_configuration_are_configuration_with_or_without_an_equals_sign()
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, "migrate", "--Rapport:Database:Provider", "oracle");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Configuration: Rapport:Database:Provider is 'oracle'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--workspace must not be blank", "keys", "create", "--role", "admin", "--workspace", "")]
    [InlineData("--name must not be blank", "keys", "create", "--role", "ingest", "--name", "   ")]
    [InlineData("--workspace is 101 characters long: at most 100", "keys", "list", "--workspace", "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww")]
    [InlineData("--workspace must not start or end with a space", "import", "contacts", "people.csv", "--workspace", " shop")]
    public async Task Blank_or_over_long_names_are_refused(string message, params string[] args)
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.FullName, "data")), "nothing was created");
    }

    [Theory]
    [InlineData(new[] { "help" }, new[] { "serve", "keys", "import", "help" })]
    [InlineData(new[] { "help", "serve" }, new[] { "urls", "Rapport:Database:ConnectionString", "Rapport:PublicUrl", "Rapport:Outbox:*", "Rapport:Smtp:*", "Rapport:Dkim:*", "Ctrl+C" })]
    [InlineData(new[] { "help", "import", "contacts" }, new[] { "Rapport:Database:Provider", "Rapport:Phone:DefaultCountry" })]
    [InlineData(new[] { "keys", "revoke", "--help" }, new[] { "Rapport:Database:ConnectionString", "<key>" })]
    public async Task Help_is_a_verb_too_and_names_the_configuration_each_verb_reads(string[] args, string[] mentioned)
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, args);

        Assert.Equal(0, result.ExitCode);
        Assert.All(mentioned, m => Assert.Contains(m, result.Output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("urls: 'nonsense' is not an address to listen on", "--urls=nonsense")]
    [InlineData("urls: 'http://:abc' is not an address to listen on", "--urls=http://:abc")]
    [InlineData("urls: 'http://localhost:99999' is not an address to listen on", "--urls", "http://localhost:99999")]
    [InlineData("Configuration: Rapport:Database:ConnectionString: the folder '/proc/nope'", "--Rapport:Database:ConnectionString=Data Source=/proc/nope/x.db")]
    [InlineData("Configuration: Rapport:Dkim:PrivateKeyPath: the DKIM private key '/proc/nope/dkim.pem' cannot be read",
        "--Rapport:Dkim:Domain=shop.example", "--Rapport:Dkim:Selector=rapport", "--Rapport:Dkim:PrivateKeyPath=/proc/nope/dkim.pem")]
    [InlineData("Configuration: Rapport:Dkim:PrivateKeyPath: the DKIM private key '/etc/hostname' is not an RSA private key in PEM form",
        "--Rapport:Dkim:Domain=shop.example", "--Rapport:Dkim:Selector=rapport", "--Rapport:Dkim:PrivateKeyPath=/etc/hostname")]
    [InlineData("Configuration: Rapport:Smtp:StartTls is 'maybe'", "--Rapport:Smtp:Host=127.0.0.1", "--Rapport:Smtp:StartTls=maybe")]
    [InlineData("Configuration: Rapport:Smtp:Domains:gmail.com:PerMinute is -5: use a whole number of 1 or more.",
        "--Rapport:Smtp:Host=127.0.0.1", "--Rapport:Smtp:Domains:gmail.com:PerMinute=-5")]
    [InlineData("Configuration: Rapport:Smtp:Domains:outlook.com has neither Connections nor PerMinute: give one or both.",
        "--Rapport:Smtp:Host=127.0.0.1", "--Rapport:Smtp:Domains:outlook.com:PerMinut=100")]
    [InlineData("Configuration: Rapport:Smtp:WarmUp:Start is 'next monday': use a date like 2026-03-02",
        "--Rapport:Smtp:Host=127.0.0.1", "--Rapport:Smtp:WarmUp:Start=next monday", "--Rapport:Smtp:WarmUp:Daily:0=50")]
    public async Task Serve_that_cannot_start_says_why_in_one_line(string message, params string[] args)
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, ["serve", .. args]);

        AssertOneLine(result, message);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_says_so_in_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await RapportProcess.RunAsync(null, _folder.FullName, "serve", $"--urls=http://127.0.0.1:{port}");

        AssertOneLine(result, $"Cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use.");
    }

    [Fact]
    public async Task Keys_create_on_a_new_database_answers_on_standard_output_and_logs_on_standard_error()
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, "keys", "create", "--role", "ingest");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Applied migration", result.Error, StringComparison.Ordinal); // the first run made the schema
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length); // what was made, a reminder, the secret: WRITE_KEY=$(rapport keys create … | tail -1)
        Assert.StartsWith("rk_", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_logs_no_line_per_request_by_default()
    {
        await using var database = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        var serve = await RapportProcess.ServeAsync(database, _folder.FullName);
        using var client = new HttpClient { BaseAddress = serve.BaseAddress };
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }

        var log = await serve.StopAsync();

        Assert.Contains("Application is shutting down", log, StringComparison.Ordinal); // the log is there, at Information
        Assert.DoesNotContain("/healthz", log, StringComparison.Ordinal); // no "Request starting", "Executing endpoint", … for each call
        await serve.DisposeAsync();
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static void AssertOneLine(RapportProcess.Result result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal); // no stack trace, not even in the log
    }
}
