using System.Text.Json.Nodes;
using Rapport.Core.Events;
using Rapport.Core.Ports;

namespace Rapport.Server.Api;

/// <summary>One event on a contact's timeline.</summary>
public sealed record EventView(
    long Id, string MessageId, string Type, string? Name, JsonNode? Properties, JsonNode? Context,
    DateTimeOffset Timestamp, DateTimeOffset ReceivedAt, string Source)
{
    public static EventView Of(StoredEvent e) => new(
        e.Id, e.MessageId, e.Type.Name(), e.Name, JsonNode.Parse(e.PropertiesJson), JsonNode.Parse(e.ContextJson),
        e.Timestamp, e.ReceivedAt, e.Source);
}
