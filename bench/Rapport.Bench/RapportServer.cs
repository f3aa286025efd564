using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Rapport.Core.Workspaces;
using Rapport.Storage;
using Rapport.Storage.Stores;

namespace Rapport.Bench;

/// <summary>
/// A `rapport serve` process on a free loopback port, as users run it, that a benchmark measures over HTTP.
/// It reads no configuration but the database, the given settings and quiet logging; it is killed on dispose.
/// </summary>
public sealed class RapportServer : IAsyncDisposable
{
    private readonly Process _process;

    private RapportServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The processor time the server has used so far (user and system, all threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The rapport built beside the benchmarks (the project references the server for that).</summary>
    public static string Beside => Path.Combine(AppContext.BaseDirectory, "rapport.dll");

    /// <param name="executable">The rapport executable or its rapport.dll.</param>
    /// <param name="settings">Configuration keys and values (Rapport:Database:Durability…), given as environment variables.</param>
    public static async Task<RapportServer> StartAsync(
        string executable, DatabaseOptions database, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var port = FreePort();
        var start = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo(DotnetHost()) { ArgumentList = { executable } }
            : new ProcessStartInfo(executable);
        foreach (var arg in new[]
                 {
                     "serve", $"--urls=http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Rapport__Database__Provider"] = database.Provider;
        start.Environment["Rapport__Database__ConnectionString"] = database.ConnectionString;
        foreach (var (key, value) in settings)
        {
            start.Environment["Rapport__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var server = new RapportServer(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitForHealthAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the tracking API (a write key, as HTTP Basic user name).</summary>
    public HttpClient Tracking(string ingestKey) =>
        Client(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ingestKey + ":"))));

    /// <summary>A client of the admin API (an admin key, as a bearer token).</summary>
    public HttpClient Admin(string adminKey) => Client(new AuthenticationHeaderValue("Bearer", adminKey));

    /// <summary>A new API key of the workspace (created when missing), made in the store as `rapport keys create` makes one.</summary>
    public static async Task<string> KeyAsync(DatabaseOptions database, string workspaceName, ApiKeyRole role)
    {
        await using var db = new Database(database);
        var store = new WorkspaceStore(db);
        var workspace = await store.GetOrCreateAsync(workspaceName, DateTimeOffset.UtcNow, CancellationToken.None);
        var secret = ApiKey.NewSecret();
        await store.AddKeyAsync(workspace.Id, "bench", role, ApiKey.Hash(secret), ApiKey.HintOf(secret), DateTimeOffset.UtcNow, CancellationToken.None);
        return secret;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private HttpClient Client(AuthenticationHeaderValue authorization) => new()
    {
        BaseAddress = Address,
        DefaultRequestHeaders = { Authorization = authorization },
    };

    private async Task WaitForHealthAsync(CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rapport serve exited with code {_process.ExitCode} before it answered /healthz.");
            }

            try
            {
                using var response = await client.GetAsync("/healthz", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException("The rapport server did not answer /healthz within 30 s.");
    }

    /// <summary>The dotnet host running this process, when it is one; else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
