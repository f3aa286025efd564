namespace Rapport.Server.Hosting;

/// <summary>Configuration section Rapport (besides Rapport:Database).</summary>
public sealed class RapportOptions
{
    /// <summary>Rapport:Phone:DefaultCountry: the ISO country of phone numbers written without "+".</summary>
    public PhoneOptions Phone { get; set; } = new();

    /// <summary>Rapport:PublicUrl: where people reach the public pages (links in messages start with it).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    public LinkOptions Links { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public DkimOptions Dkim { get; set; } = new();

    public InboundOptions Inbound { get; set; } = new();

    public FormOptions Forms { get; set; } = new();

    public SegmentOptions Segments { get; set; } = new();

    public WorkOptions Work { get; set; } = new();

    /// <summary>
    /// Rapport:Work: Run — whether this node does background work (false: it serves HTTP only, and other nodes do the
    /// work it records); LeaseSeconds — how long a batch a worker took is its own (after a crash, another takes it).
    /// </summary>
    public sealed class WorkOptions
    {
        public bool Run { get; set; } = true;

        public int LeaseSeconds { get; set; } = 300;
    }

    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Rapport:Metrics: the Prometheus scrape endpoint GET /metrics (on unless false) and an OTLP collector to push to.</summary>
    public sealed class MetricsOptions
    {
        public bool Prometheus { get; set; } = true;

        /// <summary>An OTLP collector (http://collector:4317); the protocol and interval follow the OTEL_EXPORTER_OTLP_* and OTEL_METRIC_EXPORT_* settings.</summary>
        public string? OtlpEndpoint { get; set; }
    }

    /// <summary>Rapport:Segments:RefreshSeconds: the segments and ladder rules that test the passing of time (windows of days, anniversaries, messages received) are re-evaluated for everyone this often; the others follow every change.</summary>
    public sealed class SegmentOptions
    {
        public int RefreshSeconds { get; set; } = 3600;
    }

    public sealed class PhoneOptions
    {
        public string? DefaultCountry { get; set; }
    }

    /// <summary>Rapport:Links: the signing key (base64, ≥ 32 bytes; generated and stored at first start if absent) and link lifetimes.</summary>
    public sealed class LinkOptions
    {
        public string? Key { get; set; }

        public int ConfirmDays { get; set; } = 14;

        public int PreferencesDays { get; set; } = 90;

        public int UnsubscribeDays { get; set; } = 365;
    }

    /// <summary>
    /// Rapport:Webhooks:Key: the key journeys' webhooks are signed with (base64, ≥ 32 bytes; generated and stored at first
    /// use if absent). Give it to the receivers, who check the Rapport-Signature header with it. AllowPrivateTargets: let
    /// webhooks reach loopback and private addresses (refused by default). TimeoutSeconds: how long a receiver has to answer.
    /// </summary>
    public sealed class WebhookOptions
    {
        public string? Key { get; set; }

        public bool AllowPrivateTargets { get; set; }

        public int TimeoutSeconds { get; set; } = 10;
    }

    /// <summary>Rapport:Forms: signups through forms and the API.</summary>
    public sealed class FormOptions
    {
        /// <summary>How many signups one IP address may post to one form in a minute (429 beyond).</summary>
        public int PerIpPerMinute { get; set; } = 10;

        /// <summary>At most one confirmation mail to an e-mail address this often, however many signups name it (from any IP, on any node).</summary>
        public int ConfirmationEverySeconds { get; set; } = 3600;
    }

    /// <summary>
    /// Rapport:Outbox: the file outbox e-mail goes to until an SMTP relay is configured; LeaseSeconds: how long a
    /// message a node took is its own (after a crash, another node or the restarted one sends it when that runs out).
    /// ResendAfterCrash: what becomes of a message whose channel had it when the server stopped (its outcome never
    /// recorded): transactional (the default: transactional sent again, marketing at most once), all, or none.
    /// </summary>
    public sealed class OutboxOptions
    {
        public string ResendAfterCrash { get; set; } = "transactional";

        public int LeaseSeconds { get; set; } = 300;

        public string Folder { get; set; } = "./data/outbox";

        public string From { get; set; } = "hello@localhost";

        public string FromName { get; set; } = "Rapport";

        public string MessageIdDomain { get; set; } = "rapport.localhost";
    }

    /// <summary>
    /// Rapport:Inbound: the SMTP listener for the mail that comes back to the return paths (delivery reports), on Port
    /// when it is set (off by default), bound to Host (all addresses by default). The MX of the return paths' domain
    /// points at it.
    /// </summary>
    public sealed class InboundOptions
    {
        public string Host { get; set; } = "0.0.0.0";

        public int? Port { get; set; }
    }

    /// <summary>
    /// Rapport:Smtp: the relay e-mail goes through when Host is set (else the file outbox). StartTls: none, auto (STARTTLS
    /// when offered), required (STARTTLS or nothing is sent) or tls (implicit TLS, port 465). Connections: the pool's size.
    /// RatePerSecond: at most this many messages a second (0: no limit). BounceDomain: the domain of the return paths
    /// (bounces+{message}-{signature}@…); by default the From address's domain. Domains: limits per recipient domain.
    /// WarmUp: daily caps for a new sending domain.
    /// </summary>
    public sealed class SmtpOptions
    {
        /// <summary>Rapport:Smtp:Domains:{domain} (e.g. gmail.com; "*" for each other domain).</summary>
        public Dictionary<string, SmtpDomainOptions> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

        public WarmUpOptions WarmUp { get; set; } = new();

        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        public string? Username { get; set; }

        public string? Password { get; set; }

        public string StartTls { get; set; } = "auto";

        public int Connections { get; set; } = 4;

        public double RatePerSecond { get; set; }

        public string? BounceDomain { get; set; }
    }

    /// <summary>
    /// Rapport:Smtp:Domains:{domain}: at most Connections messages in flight to the domain at once and at most PerMinute
    /// sent to it in any minute (one or both).
    /// </summary>
    public sealed class SmtpDomainOptions
    {
        public int? Connections { get; set; }

        public int? PerMinute { get; set; }
    }

    /// <summary>
    /// Rapport:Smtp:WarmUp: from Start (a UTC date, yyyy-MM-dd), at most Daily[0] e-mails on the first day, Daily[1] on
    /// the second and so on; after the list, no cap.
    /// </summary>
    public sealed class WarmUpOptions
    {
        public string? Start { get; set; }

        public List<int> Daily { get; set; } = [];
    }

    /// <summary>Rapport:Dkim: signs every e-mail when all three are set; the public key goes in DNS at {Selector}._domainkey.{Domain}.</summary>
    public sealed class DkimOptions
    {
        public string? Domain { get; set; }

        public string? Selector { get; set; }

        /// <summary>An RSA private key in PEM form (PKCS#1 or PKCS#8).</summary>
        public string? PrivateKeyPath { get; set; }
    }
}
