using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Messages;
using Rapport.Core.Ports;

namespace Rapport.Engine.Journeys;

/// <summary>The messages of a journey step, made ready for the outbox: the contact's address on the channel, the content as the channel takes it.</summary>
public static class JourneyMessages
{
    /// <summary>The messages a step requests, made ready for the outbox with the contact's address on the channel.</summary>
    public static List<JourneyMessage> Messages(this JourneySender sender, JourneyDefinition definition, Stepped step, Contact contact) =>
        step.Messages.Select(m => new JourneyMessage(m.Node, m.Channel, m.Topic ?? definition.Topic,
            m.Transactional ? MessagePurposes.Transactional : MessagePurposes.Journey, Recipient(m.Channel, contact), Content(sender, m, step.Instance, contact), m.WhenBlocked)).ToList();

    private static string? Recipient(Channel channel, Contact contact) => channel switch
    {
        Channel.Email => contact.Email,
        Channel.Sms or Channel.Phone => contact.Phone,
        Channel.Post => null, // letters come with the postal channel
        _ => throw new UnreachableException(),
    };

    private static string Content(JourneySender sender, MessageRequest m, JourneyInstance instance, Contact contact) => (m.Content, m.Channel) switch
    {
        (TemplateBody t, Channel.Email) => JsonSerializer.Serialize(new TemplatedEmail(t.Template, sender.From, sender.FromName, JourneyData(instance, m.Node))),
        (MessageContent c, Channel.Email) => JsonSerializer.Serialize(new EmailMessage("", sender.From, sender.FromName, contact.Email ?? "", c.Subject ?? "", c.Text, c.Html, [])),
        _ => JsonSerializer.Serialize(m.Content, m.Content.GetType(), JsonSerializerOptions.Web),
    };

    /// <summary>What a template sent by a journey reads as <c>journey</c>: which journey and node, and the event that started it.</summary>
    private static JsonObject JourneyData(JourneyInstance instance, string node) => new()
    {
        ["key"] = instance.Journey,
        ["version"] = instance.Version,
        ["node"] = node,
        ["trigger"] = instance.Trigger is { } t ? new JsonObject { ["event"] = t.Name, ["properties"] = t.Properties.DeepClone() } : null,
    };
}
