using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Rapport.Core.Contacts;
using Rapport.Core.Validation;

namespace Rapport.Core.Events;

/// <summary>
/// Reads messages of the Segment HTTP Tracking API. Each message is valid or rejected with a reason;
/// a rejection never stops the rest of a batch. A track may not carry the name of one of Rapport's own
/// events (<see cref="ReservedEvents"/>).
/// </summary>
public static class TrackingMessageReader
{
    public const int MaxMessageBytes = 32 * 1024;
    public const int MaxBatchBytes = 500 * 1024;

    /// <param name="message">One message object.</param>
    /// <param name="impliedType">The type the endpoint implies (/v1/track…), or null inside a batch.</param>
    /// <param name="receivedAt">When the request arrived: the clock the timestamps are corrected to.</param>
    /// <param name="batchSentAt">The batch's sentAt, if any.</param>
    /// <param name="newMessageId">Makes a messageId for a message that has none.</param>
    public static MessageReading Read(
        JsonElement message, MessageType? impliedType, DateTimeOffset receivedAt,
        DateTimeOffset? batchSentAt, Func<string> newMessageId)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return MessageReading.Rejected(RejectionKind.NotAnObject, "a message must be a JSON object");
        }

        var raw = JsonMarshal.GetRawUtf8Value(message);
        if (raw.Length > MaxMessageBytes)
        {
            return MessageReading.Rejected(RejectionKind.TooLarge, "message is larger than 32 KB");
        }

        if (JsonText.Check(raw, "message") is { } text)
        {
            return MessageReading.Rejected(RejectionKind.Text, text.ToString(), text.Path);
        }

        var errors = new List<string>();
        var type = ReadType(message, impliedType, errors);
        var userId = ReadId(message, "userId", errors);
        var anonymousId = ReadId(message, "anonymousId", errors);
        var messageId = ReadId(message, "messageId", errors);
        var previousId = type == MessageType.Alias ? ReadId(message, "previousId", errors) : null;
        var groupId = type == MessageType.Group ? ReadId(message, "groupId", errors) : null;
        var name = ReadName(message, type, errors);
        var payload = ReadObject(message, type is MessageType.Identify or MessageType.Group ? "traits" : "properties", errors);
        var context = ReadObject(message, "context", errors);
        var timestamp = ReadTime(message, "timestamp", errors) ?? ReadTime(message, "originalTimestamp", errors);
        var sentAt = ReadTime(message, "sentAt", errors) ?? batchSentAt;

        if (type == MessageType.Alias)
        {
            Require(userId, "alias needs a userId", errors);
            Require(previousId, "alias needs a previousId", errors);
        }
        else if (userId is null && anonymousId is null)
        {
            errors.Add("a message needs a userId or an anonymousId");
        }

        if (type == MessageType.Group)
        {
            Require(groupId, "group needs a groupId", errors);
        }


        if (errors.Count > 0 || type is null)
        {
            return MessageReading.Rejected(RejectionKind.Fields, string.Join("; ", errors));
        }

        var at = Corrected(timestamp, sentAt, receivedAt);
        return MessageReading.Accepted(new TrackingMessage(
            type.Value, messageId ?? newMessageId(), userId, anonymousId, previousId, groupId, name,
            payload, context, at));
    }

    /// <summary>Segment's clock-skew correction: timestamp - sentAt is kept, measured from our clock.</summary>
    private static DateTimeOffset Corrected(DateTimeOffset? timestamp, DateTimeOffset? sentAt, DateTimeOffset receivedAt) =>
        (timestamp, sentAt) switch
        {
            ({ } t, { } s) => receivedAt - (s - t),
            ({ } t, null) => t,
            _ => receivedAt,
        };

    private static MessageType? ReadType(JsonElement message, MessageType? impliedType, List<string> errors)
    {
        if (impliedType is not null)
        {
            return impliedType;
        }

        if (!message.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            errors.Add("type is missing: identify, track, page, screen, group or alias");
            return null;
        }

        if (MessageTypes.TryParse(type.GetString(), out var parsed))
        {
            return parsed;
        }

        errors.Add($"type '{type.GetString()}' is unknown: identify, track, page, screen, group or alias");
        return null;
    }

    /// <summary>
    /// Ids are strings; Segment libraries also send numbers, which are kept as their text. Each is an
    /// <see cref="Identifier"/> (ids are index keys).
    /// </summary>
    private static string? ReadId(JsonElement message, string field, List<string> errors)
    {
        if (!message.TryGetProperty(field, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String or JsonValueKind.Number:
                var id = Identifier.Normalize(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), out var problem);
                if (problem is not null)
                {
                    errors.Add($"{field} {problem}");
                }

                return id;
            default:
                errors.Add($"{field} must be a string");
                return null;
        }
    }

    private static string? ReadName(JsonElement message, MessageType? type, List<string> errors)
    {
        var field = type == MessageType.Track ? "event" : "name";
        if (type is not (MessageType.Track or MessageType.Page or MessageType.Screen))
        {
            return null;
        }

        if (message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString()!.Trim() is { Length: > 0 } name)
        {
            if (type == MessageType.Track && ReservedEvents.IsReserved(name))
            {
                errors.Add($"event '{name}' is reserved: only Rapport records it");
            }

            return name;
        }

        if (type == MessageType.Track)
        {
            errors.Add("track needs an event name (a non-empty string)");
        }
        else if (value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
        {
            errors.Add("name must be a string");
        }

        return null;
    }

    private static string ReadObject(JsonElement message, string field, List<string> errors)
    {
        if (!message.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return "{}";
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value.GetRawText();
        }

        errors.Add($"{field} must be an object");
        return "{}";
    }

    private static DateTimeOffset? ReadTime(JsonElement message, string field, List<string> errors)
    {
        if (!message.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(
                value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }

        errors.Add($"{field} must be an ISO 8601 date-time");
        return null;
    }

    private static void Require(string? value, string error, List<string> errors)
    {
        if (value is null)
        {
            errors.Add(error);
        }
    }
}
