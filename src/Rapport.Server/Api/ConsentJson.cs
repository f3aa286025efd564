using Rapport.Core.Consent;
using Rapport.Core.Ports;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>Reads a consent change (<see cref="ConsentInput"/>) and checks that its topic and consent text exist.</summary>
public static class ConsentJson
{
    public static readonly string[] Known =
    [
        "action", "topic", "channel", "legalBasis", "source", "ip", "userAgent", "consentTextKey", "consentTextVersion",
        "note", "reason", "doubleOptIn", "frequency", "format",
    ];

    public static async Task<ConsentRecord?> ReadAsync(
        JsonFields f, long contactId, int workspaceId, IConsentStore store, DateTimeOffset now, CancellationToken ct)
    {
        var errors = f.Errors;
        var action = f.Choice<ConsentAction>("action");
        if (action is null && errors.IsEmpty)
        {
            errors.Add("action", "required: grant, confirm, withdraw or prefer");
        }

        var topic = f.Text("topic", 64);
        var channel = f.Choice<Channel>("channel");
        var evidence = new Evidence(f.Text("ip", 64), f.Text("userAgent", 512), f.Text("consentTextKey", 64), f.Number("consentTextVersion"), f.Text("note"));
        var record = new ConsentRecord(
            contactId, topic, channel, action ?? default, f.Choice<LegalBasis>("legalBasis") ?? LegalBasis.Consent,
            f.Choice<ConsentSource>("source") ?? ConsentSource.Api, evidence, f.Text("reason"), f.Flag("doubleOptIn") ?? false,
            f.Choice<Frequency>("frequency"), f.Choice<MessageFormat>("format"), now);
        await CheckAsync(record, workspaceId, store, errors, ct);
        return errors.IsEmpty ? record : null;
    }

    /// <summary>The topic must exist, and a consent text named as evidence must exist in that version.</summary>
    public static async Task CheckAsync(ConsentRecord record, int workspaceId, IConsentStore store, FieldErrors errors, CancellationToken ct)
    {
        if (record.Topic is { } topic && (await store.TopicsAsync(workspaceId, ct)).All(t => t.Key != topic))
        {
            errors.Add("topic", $"no topic '{topic}' in this workspace (GET /api/v1/topics lists them; leave it out for all topics)");
        }

        var (key, version) = (record.Evidence.ConsentTextKey, record.Evidence.ConsentTextVersion);
        if ((key is null) != (version is null))
        {
            errors.Add("consentTextVersion", "consentTextKey and consentTextVersion go together");
        }
        else if (key is not null && (await store.ConsentTextsAsync(workspaceId, ct)).All(t => t.Key != key || t.Version != version))
        {
            errors.Add("consentTextVersion", $"no consent text '{key}' version {version}");
        }
    }
}
