using Rapport.Core;
using Rapport.Core.Consent;

namespace Rapport.Storage.Stores;

internal sealed class ConsentRecordRow
{
    public int WorkspaceId { get; init; }
    public long ContactId { get; init; }
    public string? Topic { get; init; }
    public string? Channel { get; init; }
    public string Action { get; init; } = "";
    public string LegalBasis { get; init; } = "";
    public string Source { get; init; } = "";
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? ConsentTextKey { get; init; }
    public int? ConsentTextVersion { get; init; }
    public string? Note { get; init; }
    public string? Reason { get; init; }
    public bool AwaitsConfirmation { get; init; }
    public string? Frequency { get; init; }
    public string? Format { get; init; }
    public long At { get; init; }

    public static ConsentRecordRow From(int workspaceId, ConsentRecord r) => new()
    {
        WorkspaceId = workspaceId,
        ContactId = r.ContactId,
        Topic = r.Topic,
        Channel = r.Channel is { } c ? WireName.Of(c) : null,
        Action = WireName.Of(r.Action),
        LegalBasis = WireName.Of(r.LegalBasis),
        Source = WireName.Of(r.Source),
        Ip = r.Evidence.Ip,
        UserAgent = r.Evidence.UserAgent,
        ConsentTextKey = r.Evidence.ConsentTextKey,
        ConsentTextVersion = r.Evidence.ConsentTextVersion,
        Note = r.Evidence.Note,
        Reason = r.Reason,
        AwaitsConfirmation = r.AwaitsConfirmation,
        Frequency = r.Frequency is { } f ? WireName.Of(f) : null,
        Format = r.Format is { } m ? WireName.Of(m) : null,
        At = UnixMs.Of(r.At),
    };

    public ConsentRecord ToRecord() => new(
        ContactId,
        Topic,
        Channel is null ? null : Parse<Channel>(Channel),
        Parse<ConsentAction>(Action),
        Parse<LegalBasis>(LegalBasis),
        Parse<ConsentSource>(Source),
        new Evidence(Ip, UserAgent, ConsentTextKey, ConsentTextVersion, Note),
        Reason,
        AwaitsConfirmation,
        Frequency is null ? null : Parse<Frequency>(Frequency),
        Format is null ? null : Parse<MessageFormat>(Format),
        UnixMs.ToTime(At));

    internal static T Parse<T>(string name) where T : struct, Enum =>
        WireName.TryParse<T>(name, out var value) ? value : throw new InvalidDataException($"'{name}' is not a {typeof(T).Name}.");
}

internal sealed class SubscriptionRow
{
    public int WorkspaceId { get; init; }
    public long ContactId { get; init; }
    public string Topic { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Status { get; init; } = "";
    public string Frequency { get; init; } = "";
    public string Format { get; init; } = "";
    public long UpdatedAt { get; init; }

    public static SubscriptionRow From(int workspaceId, Subscription s) => new()
    {
        WorkspaceId = workspaceId,
        ContactId = s.ContactId,
        Topic = s.Topic,
        Channel = WireName.Of(s.Channel),
        Status = WireName.Of(s.Status),
        Frequency = WireName.Of(s.Frequency),
        Format = WireName.Of(s.Format),
        UpdatedAt = UnixMs.Of(s.UpdatedAt ?? DateTimeOffset.UnixEpoch),
    };

    public Subscription ToSubscription() => new(
        ContactId,
        Topic,
        ConsentRecordRow.Parse<Channel>(Channel),
        ConsentRecordRow.Parse<SubscriptionStatus>(Status),
        ConsentRecordRow.Parse<Frequency>(Frequency),
        ConsentRecordRow.Parse<MessageFormat>(Format),
        UnixMs.ToTime(UpdatedAt));
}
