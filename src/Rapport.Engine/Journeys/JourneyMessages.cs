using System.Diagnostics;
using System.Text.Json;
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
            m.Transactional ? MessagePurposes.Transactional : MessagePurposes.Journey, Recipient(m.Channel, contact), Content(sender, m, contact), m.WhenBlocked)).ToList();

    private static string? Recipient(Channel channel, Contact contact) => channel switch
    {
        Channel.Email => contact.Email,
        Channel.Sms or Channel.Phone => contact.Phone,
        Channel.Post => null, // letters come with the postal channel
        _ => throw new UnreachableException(),
    };

    private static string Content(JourneySender sender, MessageRequest m, Contact contact) => m.Channel == Channel.Email
        ? JsonSerializer.Serialize(new EmailMessage("", sender.From, sender.FromName, contact.Email ?? "", m.Content.Subject ?? "", m.Content.Text, m.Content.Html, []))
        : JsonSerializer.Serialize(m.Content, JsonSerializerOptions.Web);
}
