using System.Diagnostics;
using NodaTime;
using NodaTime.Text;
using Rapport.Core.Consent;

namespace Rapport.Core.Policy;

/// <summary>The words of the gate's reasons, for a support person to read.</summary>
internal static class GateWords
{
    private static readonly LocalDateTimePattern Moment = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");
    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static string Of(Channel channel) => channel switch
    {
        Channel.Email => "e-mail",
        Channel.Sms => "SMS",
        Channel.Post => "post",
        Channel.Phone => "phone",
        _ => throw new UnreachableException(),
    };

    public static string Of(SuppressionReason reason) => reason switch
    {
        SuppressionReason.GlobalOptOut => "the person opted out of everything",
        SuppressionReason.HardBounce => "the address bounced hard",
        SuppressionReason.Complaint => "the person complained of spam",
        SuppressionReason.Erased => "the person's data was erased at their request",
        SuppressionReason.Manual => "someone suppressed it by hand",
        _ => throw new UnreachableException(),
    };

    public static string Of(Frequency frequency) => frequency switch
    {
        Frequency.AsSent => "as sent",
        Frequency.Daily => "daily",
        Frequency.Weekly => "weekly",
        Frequency.Monthly => "monthly",
        Frequency.Quarterly => "quarterly",
        _ => throw new UnreachableException(),
    };

    /// <summary>"2026-12-14 00:00 Europe/Warsaw".</summary>
    public static string Local(Instant at, DateTimeZone zone) => $"{Moment.Format(at.InZone(zone).LocalDateTime)} {zone.Id}";

    /// <summary>"2026-12-14".</summary>
    public static string DateOf(LocalDate date) => Day.Format(date);

    /// <summary>"08:00", the local time of day.</summary>
    public static string TimeOf(Instant at, DateTimeZone zone) => Clock.Format(at.InZone(zone).TimeOfDay);
}
