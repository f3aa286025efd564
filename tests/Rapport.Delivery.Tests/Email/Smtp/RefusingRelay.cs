using System.Buffers;
using System.Collections.Concurrent;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>
/// An SMTP peer (the SmtpServer package) that refuses chosen recipients for good (550 at RCPT TO), the recipients of
/// chosen domains for now (451, as a mailbox provider that thinks a sender goes too fast), and takes the rest: what
/// smtp-sink cannot do, since it refuses a command for every recipient alike.
/// </summary>
public sealed class RefusingRelay : IDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly CancellationTokenSource _stop = new();
    private int _sessions;

    /// <param name="refused">The recipients answered 550.</param>
    public RefusingRelay(params string[] refused)
        : this(refused, [])
    {
    }

    /// <param name="refused">The recipients answered 550.</param>
    /// <param name="busyDomains">The domains whose recipients are answered 451.</param>
    public RefusingRelay(string[] refused, string[] busyDomains)
    {
        Port = SmtpSink.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("refusing-relay").Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build();
        var services = new ServiceProvider();
        services.Add(new Refusals(refused, busyDomains, this));
        services.Add(new Store(Accepted));
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>How many connections clients opened.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>The recipients answered 451, in order.</summary>
    public ConcurrentQueue<string> RefusedForNow { get; } = new();

    /// <summary>The recipients of each message taken, in order.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    public void Dispose()
    {
        _server.Shutdown();
        _stop.Cancel();
        _running.Wait(); // the server has let go of its port
        _stop.Dispose();
    }

    private sealed class Refusals(string[] refused, string[] busyDomains, RefusingRelay relay) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (busyDomains.Contains(to.Host, StringComparer.OrdinalIgnoreCase))
            {
                relay.RefusedForNow.Enqueue(to.AsAddress());
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451, "4.7.0 Too many messages from you, try again later"));
            }

            return Task.FromResult(!refused.Contains(to.AsAddress(), StringComparer.OrdinalIgnoreCase));
        }
    }

    private sealed class Store(ConcurrentQueue<string> accepted) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            foreach (var to in transaction.To)
            {
                accepted.Enqueue(to.AsAddress());
            }

            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
