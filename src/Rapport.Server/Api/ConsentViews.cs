using Rapport.Core;
using Rapport.Core.Consent;

namespace Rapport.Server.Api;

public sealed record SubscriptionView(string Topic, string Channel, string Status, string Frequency, string Format, DateTimeOffset? UpdatedAt)
{
    public static SubscriptionView Of(Subscription s) => new(
        s.Topic, WireName.Of(s.Channel), WireName.Of(s.Status), WireName.Of(s.Frequency), WireName.Of(s.Format), s.UpdatedAt);
}

public sealed record ConsentRecordView(
    string? Topic, string? Channel, string Action, string LegalBasis, string Source, string? Ip, string? UserAgent,
    string? ConsentTextKey, int? ConsentTextVersion, string? Note, string? Reason, bool AwaitsConfirmation,
    string? Frequency, string? Format, DateTimeOffset At)
{
    public static ConsentRecordView Of(ConsentRecord r) => new(
        r.Topic, r.Channel is { } c ? WireName.Of(c) : null, WireName.Of(r.Action), WireName.Of(r.LegalBasis), WireName.Of(r.Source),
        r.Evidence.Ip, r.Evidence.UserAgent, r.Evidence.ConsentTextKey, r.Evidence.ConsentTextVersion, r.Evidence.Note, r.Reason,
        r.AwaitsConfirmation, r.Frequency is { } f ? WireName.Of(f) : null, r.Format is { } m ? WireName.Of(m) : null, r.At);
}

public sealed record ConsentAnswer(bool Recorded, IReadOnlyList<SubscriptionView> Changed, IReadOnlyList<SubscriptionView> Subscriptions);

/// <summary>The body of POST /api/v1/contacts/{id}/consent, as the OpenAPI document describes it.</summary>
public sealed record ConsentInput(
    string Action, string? Topic, string? Channel, string? LegalBasis, string? Source, string? Ip, string? UserAgent,
    string? ConsentTextKey, int? ConsentTextVersion, string? Note, string? Reason, bool? DoubleOptIn, string? Frequency, string? Format);

public sealed record ContactLinks(string Preferences, string Unsubscribe);

public sealed record TopicInput(string Name, string? Description);

public sealed record ConsentTextInput(string Key, string Locale, string Text);

public sealed record SuppressionInput(string? Email, string? Phone, string? Reason);

public sealed record SuppressionView(string Kind, string Hash, string Reason, DateTimeOffset CreatedAt)
{
    public static SuppressionView Of(Suppression s) => new(WireName.Of(s.Kind), s.Hash, WireName.Of(s.Reason), s.CreatedAt);
}
