namespace Rapport.Delivery.Email.Smtp;

/// <summary>Where and how the SMTP channel sends (configuration Rapport:Smtp).</summary>
/// <param name="Host">The relay's host name or address.</param>
/// <param name="Port">The relay's port: 587 (submission with STARTTLS), 465 (implicit TLS) or 25.</param>
/// <param name="Username">The account to authenticate as (AUTH), when the relay asks for one; null sends without.</param>
/// <param name="Security">How the connection is protected.</param>
/// <param name="Connections">How many connections the pool keeps open and sends over at once (at least 1).</param>
/// <param name="RatePerSecond">At most this many messages a second over all connections; 0 for no limit.</param>
/// <param name="HeloName">The name the channel gives itself in EHLO, e.g. the sending domain.</param>
/// <param name="Domains">The limits of recipient domains, by domain ("*": each other domain); none when null.</param>
/// <param name="WarmUp">The daily caps of a new sending domain; none when null.</param>
public sealed record SmtpSettings(
    string Host,
    int Port,
    string? Username,
    string? Password,
    SmtpSecurity Security,
    int Connections,
    double RatePerSecond,
    string HeloName,
    IReadOnlyDictionary<string, DomainLimit>? Domains = null,
    WarmUpSchedule? WarmUp = null);
