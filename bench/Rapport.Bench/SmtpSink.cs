using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.Bench;

/// <summary>
/// Postfix's smtp-sink on a free loopback port: it answers every SMTP command with success and keeps nothing (no -d),
/// and with -c reports a running count of the messages it has received ("mesg=N"), which this reads. Killed on dispose.
/// <see cref="SendAsync"/> runs Postfix's smtp-source against it, the baseline of bench email.
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    public const string SinkPath = "/usr/sbin/smtp-sink";
    public const string SourcePath = "/usr/sbin/smtp-source";

    private readonly Process _process;
    private readonly Task _reading;
    private long _received;

    private SmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
        _reading = Task.Run(ReadCountsAsync);
    }

    public int Port { get; }

    /// <summary>The messages received so far (a DATA ended with "."), over all connections since the start.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <param name="backlog">The listen queue (listen(2)'s backlog).</param>
    public static async Task<SmtpSink> StartAsync(int backlog = 1024)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Exists(SinkPath)) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody"); // it refuses to run as root
        }

        foreach (var arg in new[] { "-c", $"127.0.0.1:{port}", backlog.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var sink = new SmtpSink(Process.Start(start)!, port);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (sink._process.HasExited)
            {
                throw new InvalidOperationException($"smtp-sink exited with code {sink._process.ExitCode}: {await sink._process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return sink;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50); // not listening yet
            }
        }

        await sink.DisposeAsync();
        throw new InvalidOperationException("smtp-sink did not listen within 5 s.");
    }

    /// <summary>Waits until the sink has received <paramref name="count"/> messages; throws when none came for <paramref name="stall"/>.</summary>
    public async Task WaitForAsync(long count, TimeSpan stall)
    {
        var (seen, since) = (Received, Stopwatch.StartNew());
        while (Received < count)
        {
            await Task.Delay(5);
            if (Received != seen)
            {
                (seen, since) = (Received, Stopwatch.StartNew());
            }
            else if (since.Elapsed > stall)
            {
                throw new TimeoutException($"smtp-sink received {seen:N0} of {count:N0} messages and nothing more for {stall.TotalSeconds:N0} s.");
            }
        }
    }

    /// <summary>
    /// The baseline: smtp-source sends <paramref name="messages"/> copies of the message in <paramref name="file"/> (headers
    /// and body as written) over <paramref name="connections"/> parallel sessions, each kept open from message to message (-d).
    /// </summary>
    public async Task<TimeSpan> SendAsync(string file, int messages, int connections)
    {
        var start = new ProcessStartInfo(Exists(SourcePath)) { RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "-d", "-m", messages.ToString(CultureInfo.InvariantCulture), "-s", connections.ToString(CultureInfo.InvariantCulture),
                     "-F", file, "-M", "localhost", "-f", "bench@rapport.localhost", "-t", "c1@example.com", $"127.0.0.1:{Port}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var target = Received + messages;
        var clock = Stopwatch.StartNew();
        using var source = Process.Start(start)!;
        var errors = source.StandardError.ReadToEndAsync();
        await source.WaitForExitAsync();
        if (source.ExitCode != 0)
        {
            throw new InvalidOperationException($"smtp-source exited with code {source.ExitCode}: {await errors}");
        }

        await WaitForAsync(target, TimeSpan.FromSeconds(10));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        await _reading;
        _process.Dispose();
    }

    /// <summary>Reads the -c counters, each record ending with a carriage return: "sess=N quit=N mesg=N".</summary>
    private async Task ReadCountsAsync()
    {
        var record = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] is '\r' or '\n')
                {
                    if (Mesg().Match(record.ToString()) is { Success: true } m)
                    {
                        Interlocked.Exchange(ref _received, long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
                    }

                    record.Clear();
                }
                else
                {
                    record.Append(buffer[i]);
                }
            }
        }
    }

    private static string Exists(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"{path} is missing: bench email needs Postfix's smtp-sink and smtp-source (apt-get install postfix).");

    [GeneratedRegex(@"mesg=(\d+)")]
    private static partial Regex Mesg();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
