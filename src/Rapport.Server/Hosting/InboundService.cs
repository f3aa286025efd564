using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Rapport.Core.Ports;
using Rapport.Delivery.Email.Reports;

namespace Rapport.Server.Hosting;

/// <summary>
/// Takes in the mail that comes back to the return paths when Rapport:Inbound:Port is set (<see cref="ReportListener"/>),
/// and records what delivery reports say: delivered or bounced, on the message and the contact's timeline. A delay is
/// logged; other mail (a reply, an auto-reply) is taken and logged, nothing more.
/// </summary>
public sealed class InboundService(IOptions<RapportOptions> options, ISettingStore settings, IOutbox outbox, TimeProvider clock, ILogger<InboundService> log)
    : IHostedService, IAsyncDisposable
{
    private ReportListener? _listener;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Inbound is not { Port: { } port } inbound)
        {
            return;
        }

        var returnPaths = await EmailServices.ReturnPathsAsync(settings, options.Value.Smtp.BounceDomain, cancellationToken);
        var endpoint = new IPEndPoint(IPAddress.Parse(inbound.Host), port);
        _listener = ReportListener.Start(endpoint, Dns.GetHostName(), returnPaths, ReceivedAsync);
        log.LogInformation("Taking delivery reports for the return paths by SMTP on {Endpoint}", endpoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _listener, null) is { } listener)
        {
            await listener.DisposeAsync();
        }
    }

    private async Task ReceivedAsync(InboundMail mail, CancellationToken ct)
    {
        if (mail.Report is not { } report)
        {
            log.LogInformation("Mail from {From} to {ReturnPath} ({Subject}) is not a delivery report: taken, nothing recorded",
                mail.From, mail.ReturnPath, mail.Subject);
            return;
        }

        if (report.Verdict is not { } verdict)
        {
            var first = report.Recipients[0];
            log.LogInformation("Message {MessageId} is not delivered yet: {Action} {Status} {Diagnostic}", mail.MessageId, first.Action, first.Status, first.Diagnostic);
            return;
        }

        // The dispatcher sends message 17 as m17 (its Message-ID and return path).
        bool recorded;
        try
        {
            recorded = mail.MessageId is ['m', .. var digits] && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && await outbox.RecordReportAsync(id, verdict, clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "The report on message {MessageId} could not be recorded; its sender is told to try again later", mail.MessageId);
            throw; // the listener answers 421: the sending server keeps the report and tries again
        }

        if (recorded)
        {
            log.LogInformation("Message {MessageId}: {Action} {Status} {Diagnostic}", mail.MessageId, verdict.Action, verdict.Status, verdict.Diagnostic);
        }
        else
        {
            log.LogDebug("A report on message {MessageId} ({Action}) is dropped: no sent message waits for it (unknown, erased or reported on already)",
                mail.MessageId, verdict.Action);
        }
    }
}
