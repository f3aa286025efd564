using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rapport.Testing;

/// <summary>
/// Postfix's smtp-sink on a free loopback port: a real SMTP peer (PIPELINING, 8BITMIME) that writes each message it
/// accepts to its own file in a temp folder, with the envelope in X-Mail-Args and X-Rcpt-Args lines before it.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private const string Program = "/usr/sbin/smtp-sink";

    private readonly TempFolder _dumps;
    private readonly Process _process;
    private bool _stopped;

    private SmtpSink(int port, Process process, TempFolder dumps)
    {
        Port = port;
        _process = process;
        _dumps = dumps;
    }

    public int Port { get; }

    /// <summary>Starts the sink (on <paramref name="port"/>, else a free one) and returns once it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync(int? port = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("smtp-sink runs on Linux, with Debian's postfix package.");
        }

        port ??= FreePort();
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true };
        var dumps = new TempFolder();
        File.SetUnixFileMode(dumps.Path, (UnixFileMode)0b111_111_111); // smtp-sink writes as its own user
        var arguments = Environment.UserName == "root" ? new List<string> { "-u", "postfix" } : [];
        arguments.AddRange(["-d", Path.Combine(dumps.Path, "mail."), $"127.0.0.1:{port}", "100"]);
        arguments.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Program} did not start.");
        var sink = new SmtpSink(port.Value, process, dumps);
        await Eventually.UntilAsync(() => Task.FromResult(sink.Accepts() || process.HasExited), ready => ready, $"{Program} listening on {port}");
        return process.HasExited ? throw new InvalidOperationException($"{Program} stopped: {await process.StandardError.ReadToEndAsync()}") : sink;
    }

    /// <summary>The files of the messages received so far, waiting until there are <paramref name="count"/>.</summary>
    public Task<string[]> ReceivedAsync(int count) =>
        Eventually.UntilAsync(() => Task.FromResult(Directory.GetFiles(_dumps.Path)), files => files.Length >= count, $"{count} messages at the sink");

    /// <summary>A loopback port nothing listens on (at the moment of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool Accepts()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the sink (a second call does nothing) and removes what it received.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _dumps.Dispose();
    }
}
