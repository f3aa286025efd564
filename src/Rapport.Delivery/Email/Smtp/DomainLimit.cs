namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// What one recipient domain takes (configuration Rapport:Smtp:Domains:{domain}): at most <paramref name="Connections"/>
/// messages in flight to it at once and at most <paramref name="PerMinute"/> sent to it in any minute; null for no limit.
/// The entry <see cref="EveryOtherDomain"/> ("*") is what each domain without its own entry takes, on its own.
/// </summary>
public sealed record DomainLimit(int? Connections, int? PerMinute)
{
    public const string EveryOtherDomain = "*";
}
