using System.Text.Json.Nodes;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

/// <summary>A version of a journey with the journey's status, as journey-get and journeys-list read it.</summary>
internal sealed class JourneyRow
{
    public string Key { get; init; } = "";
    public int Version { get; init; }
    public string Name { get; init; } = "";
    public string Document { get; init; } = "";
    public long CreatedAt { get; init; }
    public string Status { get; init; } = "";
    public long ChangedAt { get; init; }
    public long? ScheduleCheckedAt { get; init; }

    public StoredJourney ToJourney() =>
        new(Key, Version, Name, Document, ConsentRecordRow.Parse<JourneyStatus>(Status), UnixMs.ToTime(CreatedAt))
        {
            StatusSince = UnixMs.ToTime(ChangedAt), ScheduleCheckedAt = ScheduleCheckedAt is { } at ? UnixMs.ToTime(at) : null,
        };
}

/// <summary>A step an instance took, numbered from 1 in the instance; also the parameters of journey-steps-insert-many.</summary>
internal sealed class JourneyStepRow
{
    public int WorkspaceId { get; init; }
    public long InstanceId { get; init; }
    public int StepNo { get; init; }
    public string Node { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Edge { get; init; }
    public string Why { get; init; } = "";
    public long At { get; init; }

    public static JourneyStepRow From(int workspaceId, long instanceId, int stepNo, StepRecord r) => new()
    {
        WorkspaceId = workspaceId,
        InstanceId = instanceId,
        StepNo = stepNo,
        Node = r.Node,
        Kind = Core.WireName.Of(r.Kind),
        Edge = r.Edge,
        Why = r.Why,
        At = UnixMs.Of(r.At),
    };

    public StepRecord ToRecord() => new(Node, ConsentRecordRow.Parse<StepKind>(Kind), Edge, Why, UnixMs.ToTime(At));
}

/// <summary>A tracked event as a journey reads it (journey-events-since, journey-events).</summary>
internal sealed class JourneyEventRow
{
    public long ContactId { get; init; }
    public string MessageId { get; init; } = "";
    public string Name { get; init; } = "";
    public long Timestamp { get; init; }
    public string Properties { get; init; } = "{}";

    public JourneyEvent ToEvent() =>
        new(MessageId, Name, UnixMs.ToTime(Timestamp), JsonNode.Parse(Properties) as JsonObject ?? []);
}
