using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// Sends e-mail through an SMTP relay over a pool of MailKit connections, kept open from message to message (with
/// PIPELINING where the relay offers it) and opened again when the relay drops one. Each message goes from its own
/// return path (<see cref="ReturnPaths"/>), at most <see cref="SmtpSettings.RatePerSecond"/> a second, each recipient
/// domain within its limits (<see cref="DomainThrottle"/>) and each day within the warm-up's cap (<see cref="WarmUp"/>):
/// a message over a limit is not sent now but answered <see cref="DeliveryResult.Retry"/> with the wait, and the others go on.
/// The relay's answer decides: accepted – <see cref="DeliveryResult.Sent"/> with the answer's text; 5xx –
/// <see cref="DeliveryResult.Failed"/> with it; 4xx – <see cref="DeliveryResult.Retry"/> in <see cref="TemporaryRefusalWait"/>;
/// a relay that cannot be reached or drops the connection – <see cref="DeliveryResult.Retry"/> after a back-off that
/// doubles with each such failure in a row (<see cref="FirstBackOff"/> to <see cref="LongestBackOff"/>).
/// </summary>
public sealed class SmtpChannel : IEmailChannel, IDisposable
{
    /// <summary>How long a message the relay refused for now (4xx: greylisting, a full queue) waits.</summary>
    public static readonly TimeSpan TemporaryRefusalWait = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first connection failure; it doubles with each one after it, up to <see cref="LongestBackOff"/>.</summary>
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestBackOff = TimeSpan.FromMinutes(30);

    private readonly SmtpSettings _settings;
    private readonly MailComposer _composer;
    private readonly Func<CancellationToken, Task<ReturnPaths>> _loadReturnPaths;
    private readonly SendRate _rate;
    private readonly DomainThrottle _domains;
    private readonly WarmUp? _warmUp;
    private readonly SemaphoreSlim _free;
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private ReturnPaths? _returnPaths;
    private int _failuresInARow;

    /// <param name="returnPaths">Loads the return paths once, on the first message (their key may live in the database).</param>
    /// <param name="sentSince">How many e-mails every server has sent since a moment (the store's count): needed with a warm-up.</param>
    public SmtpChannel(SmtpSettings settings, MailComposer composer, Func<CancellationToken, Task<ReturnPaths>> returnPaths, TimeProvider clock,
        Func<DateTimeOffset, CancellationToken, Task<long>>? sentSince = null, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(returnPaths);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Connections, 1, nameof(settings));
        _settings = settings;
        _composer = composer;
        _loadReturnPaths = returnPaths;
        _rate = new SendRate(settings.RatePerSecond, clock);
        _free = new SemaphoreSlim(settings.Connections, settings.Connections);
        _domains = new DomainThrottle(settings.Domains ?? new Dictionary<string, DomainLimit>(), clock, log ?? NullLogger.Instance);
        if (settings.WarmUp is { } warmUp)
        {
            _warmUp = new WarmUp(warmUp, sentSince ?? throw new ArgumentException("A warm-up needs the count of e-mails sent.", nameof(sentSince)), clock);
        }
    }

    /// <summary>The pool's size (<see cref="SmtpSettings.Connections"/>): the dispatcher sends that many messages at once.</summary>
    public int Connections => _settings.Connections;

    /// <summary>The messages a minute <paramref name="domain"/> takes now, after any slowing down; null when it has no such limit.</summary>
    public int? PerMinuteOf(string domain) => _domains.PerMinuteOf(domain);

    public async Task<DeliveryResult> SendAsync(EmailMessage message, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        _returnPaths ??= await _loadReturnPaths(ct);
        if (!MailboxAddress.TryParse(message.To, out var recipient))
        {
            return new DeliveryResult.Failed($"'{message.To}' is not an e-mail address");
        }

        if (_warmUp is not null && await _warmUp.TryTakeAsync(ct) is { } overTheDay)
        {
            return overTheDay; // held back before it is composed: a message that waits costs nothing
        }

        var sent = false;
        try
        {
            var domain = recipient.Domain.ToLowerInvariant();
            if (_domains.TryEnter(domain) is { } domainFull)
            {
                return domainFull;
            }

            var answer = DomainAnswer.Other;
            try
            {
                MimeMessage mime;
                MailboxAddress sender;
                try
                {
                    mime = _composer.Compose(message, now);
                    sender = MailboxAddress.Parse(_returnPaths.For(message.MessageId, message.From));
                }
                catch (Exception e) when (e is ArgumentException or ParseException)
                {
                    return new DeliveryResult.Failed(e.Message);
                }

                (var result, answer) = await SendOverPoolAsync(mime, sender, recipient, ct);
                sent = result is DeliveryResult.Sent;
                return result;
            }
            finally
            {
                _domains.Leave(domain, answer);
            }
        }
        finally
        {
            _warmUp?.Answered(sent);
        }
    }

    private async Task<(DeliveryResult, DomainAnswer)> SendOverPoolAsync(MimeMessage mime, MailboxAddress sender, MailboxAddress recipient, CancellationToken ct)
    {
        await _rate.WaitAsync(ct);
        await _free.WaitAsync(ct);
        var client = _idle.TryTake(out var pooled) ? pooled : new ReportingSmtpClient { LocalDomain = _settings.HeloName };
        try
        {
            return await SendAsync(client, reused: pooled is not null, mime, sender, recipient, ct);
        }
        finally
        {
            if (client.IsConnected)
            {
                _idle.Add(client);
            }
            else
            {
                client.Dispose();
            }

            _free.Release();
        }
    }

    /// <summary>The relay's answer, and what it says of the recipient's domain.</summary>
    private async Task<(DeliveryResult, DomainAnswer)> SendAsync(SmtpClient client, bool reused, MimeMessage mime, MailboxAddress sender, MailboxAddress recipient, CancellationToken ct)
    {
        try
        {
            await ConnectAsync(client, ct);
            var answer = await client.SendAsync(MailComposer.Format, mime, sender, [recipient], ct);
            Interlocked.Exchange(ref _failuresInARow, 0);
            return (new DeliveryResult.Sent(answer), DomainAnswer.Accepted);
        }
        catch (SmtpCommandException e)
        {
            var answer = $"{(int)e.StatusCode} {e.Message}";
            if (e.StatusCode == SmtpStatusCode.ServiceNotAvailable)
            {
                // 421: the relay closes this connection; one it closed while it sat in the pool is tried once more on a new one.
                await client.DisconnectAsync(quit: false, CancellationToken.None);
                if (reused)
                {
                    return await SendAsync(client, reused: false, mime, sender, recipient, ct);
                }
            }

            return (int)e.StatusCode >= 500
                ? (new DeliveryResult.Failed(answer), DomainAnswer.Other)
                : (new DeliveryResult.Retry(TemporaryRefusalWait, answer), DomainAnswer.RefusedForNow);
        }
        catch (Exception e) when (IsConnectionFailure(e) && !ct.IsCancellationRequested)
        {
            await client.DisconnectAsync(quit: false, CancellationToken.None);
            if (reused)
            {
                // A pooled connection the relay closed while it was idle: once more, on a new one.
                return await SendAsync(client, reused: false, mime, sender, recipient, ct);
            }

            return (new DeliveryResult.Retry(BackOff(), $"the SMTP relay {_settings.Host}:{_settings.Port} cannot be used: {e.Message}"), DomainAnswer.Other);
        }
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken ct)
    {
        if (client.IsConnected)
        {
            return;
        }

        var security = _settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.Auto => SecureSocketOptions.StartTlsWhenAvailable,
            SmtpSecurity.Required => SecureSocketOptions.StartTls,
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        await client.ConnectAsync(_settings.Host, _settings.Port, security, ct);
        if (_settings.Username is { Length: > 0 } username)
        {
            await client.AuthenticateAsync(username, _settings.Password ?? "", ct);
        }
    }

    /// <summary>Failures of the connection or the relay as a whole (not of one message): the message waits and is tried again.</summary>
    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
            or SslHandshakeException or AuthenticationException or OperationCanceledException;

    /// <summary>30 s, 1 min, 2 min … up to 30 min: the longer the relay stays away, the less often it is asked.</summary>
    private TimeSpan BackOff()
    {
        var failures = Math.Min(Interlocked.Increment(ref _failuresInARow), 16);
        var wait = FirstBackOff * Math.Pow(2, failures - 1);
        return wait < LongestBackOff ? wait : LongestBackOff;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            client.Dispose();
        }

        _free.Dispose();
        _warmUp?.Dispose();
    }
}
