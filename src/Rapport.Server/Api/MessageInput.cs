using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rapport.Server.Api;

/// <summary>
/// POST /api/v1/messages: one e-mail from the saved template <paramref name="Template"/> to a contact, transactional
/// (<c>"transactional": true</c>: the person needs it whatever their marketing choices) or marketing under
/// <paramref name="Topic"/> (it goes only if they are subscribed to it). <paramref name="Data"/> is what the template reads
/// as <c>journey</c>.
/// </summary>
public sealed record MessageInput(long ContactId, string Template, bool Transactional, string? Topic, JsonObject? Data)
{
    /// <summary>The input, or null with the errors in <paramref name="fields"/>.</summary>
    public static MessageInput? Read(JsonFields fields)
    {
        long? contactId = null;
        if (fields.Element("contactId") is not { } id || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var n) || n < 1)
        {
            fields.Errors.Add("contactId", "required: the contact's id (a positive whole number)");
        }
        else
        {
            contactId = n;
        }

        var template = fields.Text("template", 200);
        if (fields.Element("template") is null)
        {
            fields.Errors.Add("template", "required: the key of a saved e-mail template");
        }

        var transactional = fields.Flag("transactional") ?? false;
        var topic = fields.Text("topic", 200);
        if (!transactional && topic is null && fields.Element("topic") is null)
        {
            fields.Errors.Add("topic", "required for marketing: the topic it is sent under (or \"transactional\": true)");
        }

        JsonObject? data = null;
        if (fields.Element("data") is { } given)
        {
            if (given.ValueKind == JsonValueKind.Object)
            {
                data = JsonNode.Parse(given.GetRawText())!.AsObject();
            }
            else
            {
                fields.Errors.Add("data", "must be a JSON object (the template reads it as journey)");
            }
        }

        return fields.Errors.IsEmpty && contactId is { } contact && template is not null ? new(contact, template, transactional, topic, data) : null;
    }
}
