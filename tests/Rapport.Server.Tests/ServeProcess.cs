using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>`rapport serve` as its own process on a free loopback port, as an operator runs it; killed, not stopped, when disposed.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and waits until it answers /healthz.</summary>
    public static async Task<ServeProcess> StartAsync(TestDatabase database, params string[] settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rapport.dll"), "serve", $"--urls={address}", "--Logging:LogLevel:Default=Warning" }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Rapport__Database__Provider"] = database.Options.Provider;
        start.Environment["Rapport__Database__ConnectionString"] = database.Options.ConnectionString;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { }; // read and dropped: a full pipe would block the server
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var serve = new ServeProcess(process, address);
        await Eventually.UntilAsync(serve.IsHealthyAsync, healthy => healthy || process.HasExited, "rapport serve answering /healthz");
        return serve;
    }

    public async Task<bool> IsHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        try
        {
            return (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a power cut or the OOM killer ends it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
