using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rapport.Delivery.Email.Reports;

/// <summary>
/// An SMTP server (the SmtpServer package) for the mail that comes back to our return paths, where mailbox providers
/// send their delivery status notifications. It takes only mail for a return path of ours with a valid signature
/// (anything else: 550 at RCPT TO), reads each with MimeKit and hands it, once for each return path it was sent to, to
/// <c>received</c>. When that fails, the mail is refused for now (421 4.3.0), so the sending server tries it again.
/// </summary>
public sealed class ReportListener : IAsyncDisposable
{
    /// <summary>The largest mail taken: a report comes with the headers of its message, or the whole of it from some servers.</summary>
    public const int MaxMailBytes = 10 * 1024 * 1024;

    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private ReportListener(SmtpServer.SmtpServer server)
    {
        _server = server;
        _running = server.StartAsync(_stop.Token);
    }

    /// <summary>Listens on <paramref name="endpoint"/> until disposed.</summary>
    public static ReportListener Start(IPEndPoint endpoint, string serverName, ReturnPaths returnPaths, Func<InboundMail, CancellationToken, Task> received)
    {
        ArgumentNullException.ThrowIfNull(returnPaths);
        ArgumentNullException.ThrowIfNull(received);
        var options = new SmtpServerOptionsBuilder().ServerName(serverName).MaxMessageSize(MaxMailBytes).Endpoint(e => e.Endpoint(endpoint)).Build();
        var services = new ServiceProvider();
        services.Add(new OurReturnPaths(returnPaths));
        services.Add(new Reader(returnPaths, received));
        return new ReportListener(new SmtpServer.SmtpServer(options, services));
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    /// <summary>Refuses, at RCPT TO, any recipient that is not a return path of ours.</summary>
    private sealed class OurReturnPaths(ReturnPaths returnPaths) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            returnPaths.MessageIdOf(to.AsAddress()) is not null
                ? Task.FromResult(true)
                : throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable,
                    $"5.1.1 <{to.AsAddress()}> is not a return path of this server: it takes delivery reports for the mail it sent, nothing else"));
    }

    private sealed class Reader(ReturnPaths returnPaths, Func<InboundMail, CancellationToken, Task> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            MimeMessage mail;
            try
            {
                mail = await MimeMessage.LoadAsync(stream, cancellationToken);
            }
            catch (FormatException e)
            {
                return new SmtpResponse(SmtpReplyCode.TransactionFailed, $"5.6.0 the mail cannot be read as a message: {e.Message}");
            }

            var report = DeliveryReports.Read(mail);
            try
            {
                foreach (var to in transaction.To.Select(t => t.AsAddress()).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (returnPaths.MessageIdOf(to) is { } messageId)
                    {
                        await received(new InboundMail(messageId, to, report, mail.From.Mailboxes.FirstOrDefault()?.Address, mail.Subject), cancellationToken);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever failed (the database away), the sending server keeps the report and tries again: nothing is lost, and the listener goes on.
                return new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.3.0 the report cannot be recorded now; try again later");
            }

            return SmtpResponse.Ok;
        }
    }
}
