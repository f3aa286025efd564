using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Journeys;

namespace Rapport.Storage.Stores;

/// <summary>A journey instance as its table holds it: the trigger as a JSON object (timestamp in Unix ms), the answers used as a JSON array.</summary>
internal sealed class JourneyInstanceRow
{
    public long Id { get; init; }
    public int WorkspaceId { get; init; }
    public string JourneyKey { get; init; } = "";
    public int Version { get; init; }
    public long ContactId { get; init; }
    public string Status { get; init; } = "";
    public string Node { get; init; } = "";
    public long NodeSince { get; init; }
    public long? DueAt { get; init; }
    public long EnteredAt { get; init; }
    public int Steps { get; init; }
    public string? Variant { get; init; }
    public string? Trigger { get; init; }
    public string UsedAnswers { get; init; } = "[]";
    public long? EndedAt { get; init; }
    public string? EndReason { get; init; }

    /// <summary>The parameters of an insert or a step (journey-instance-insert, journey-instance-step).</summary>
    public static JourneyInstanceRow From(int workspaceId, JourneyInstance i) => new()
    {
        Id = i.Id,
        WorkspaceId = workspaceId,
        JourneyKey = i.Journey,
        Version = i.Version,
        ContactId = i.ContactId,
        Status = WireName.Of(i.Status),
        Node = i.Node,
        NodeSince = UnixMs.Of(i.NodeSince),
        DueAt = i.DueAt is { } due ? UnixMs.Of(due) : null,
        EnteredAt = UnixMs.Of(i.EnteredAt),
        Steps = i.Steps,
        Variant = i.Variant,
        Trigger = i.Trigger is { } e
            ? new JsonObject
            {
                ["messageId"] = e.MessageId, ["name"] = e.Name, ["timestamp"] = UnixMs.Of(e.Timestamp), ["properties"] = e.Properties.DeepClone(),
            }.ToJsonString()
            : null,
        UsedAnswers = JsonSerializer.Serialize(i.UsedAnswers),
        EndedAt = i.EndedAt is { } ended ? UnixMs.Of(ended) : null,
        EndReason = i.EndReason,
    };

    public JourneyInstance ToInstance() => new(
        Id, JourneyKey, Version, ContactId, ConsentRecordRow.Parse<InstanceStatus>(Status), Node, UnixMs.ToTime(EnteredAt), UnixMs.ToTime(NodeSince),
        DueAt is { } due ? UnixMs.ToTime(due) : null, Steps, Variant, ReadTrigger(Trigger), JsonSerializer.Deserialize<List<string>>(UsedAnswers) ?? [],
        EndedAt is { } ended ? UnixMs.ToTime(ended) : null, EndReason);

    private static JourneyEvent? ReadTrigger(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var e = JsonNode.Parse(text)!.AsObject();
        return new JourneyEvent(e["messageId"]!.GetValue<string>(), e["name"]!.GetValue<string>(), UnixMs.ToTime(e["timestamp"]!.GetValue<long>()),
            e["properties"]!.DeepClone().AsObject());
    }
}
