using System.Text.Json.Nodes;

namespace Rapport.Core.Events;

/// <summary>
/// One valid Segment message. <see cref="Name"/> is the event of a track, the name of a page or
/// screen. <see cref="PropertiesJson"/> holds a track/page/screen's properties or an identify/group's
/// traits, as the JSON object text that was sent.
/// </summary>
public sealed record TrackingMessage(
    MessageType Type,
    string MessageId,
    string? UserId,
    string? AnonymousId,
    string? PreviousId,
    string? GroupId,
    string? Name,
    string PropertiesJson,
    string ContextJson,
    DateTimeOffset Timestamp)
{
    public JsonObject Properties() => JsonNode.Parse(PropertiesJson)?.AsObject() ?? [];

    public JsonObject Context() => JsonNode.Parse(ContextJson)?.AsObject() ?? [];
}
