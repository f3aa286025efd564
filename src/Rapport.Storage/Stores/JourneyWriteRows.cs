using Rapport.Core;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

/// <summary>
/// A step's new state of its instance, written only if the instance still has <see cref="Before"/> steps (and its contact
/// and version): the parameters of journey-instances-step-many.
/// </summary>
internal sealed class InstanceStepRow
{
    public int WorkspaceId { get; init; }
    public long Id { get; init; }
    public long ContactId { get; init; }
    public int Version { get; init; }
    public int Before { get; init; }
    public string Status { get; init; } = "";
    public string Node { get; init; } = "";
    public long NodeSince { get; init; }
    public long? DueAt { get; init; }
    public int Steps { get; init; }
    public string? Variant { get; init; }
    public string UsedAnswers { get; init; } = "[]";
    public long? EndedAt { get; init; }
    public string? EndReason { get; init; }

    public static InstanceStepRow From(int workspaceId, JourneyInstance after, int before)
    {
        var row = JourneyInstanceRow.From(workspaceId, after);
        return new()
        {
            WorkspaceId = workspaceId, Id = row.Id, ContactId = row.ContactId, Version = row.Version, Before = before, Status = row.Status,
            Node = row.Node, NodeSince = row.NodeSince, DueAt = row.DueAt, Steps = row.Steps, Variant = row.Variant,
            UsedAnswers = row.UsedAnswers, EndedAt = row.EndedAt, EndReason = row.EndReason,
        };
    }
}

/// <summary>A message a journey step requests, as journey-messages-insert-many queues it (held if its journey is paused).</summary>
internal sealed class JourneyMessageRow
{
    public int WorkspaceId { get; init; }
    public long ContactId { get; init; }
    public string Channel { get; init; } = "";
    public string? Topic { get; init; }
    public string Purpose { get; init; } = "";
    public string? Recipient { get; init; }
    public string Content { get; init; } = "";
    public long Now { get; init; }
    public string JourneyKey { get; init; } = "";
    public int JourneyVersion { get; init; }
    public string JourneyNode { get; init; } = "";
    public string? JourneyVariant { get; init; }
    public long JourneyInstanceId { get; init; }
    public string WhenBlocked { get; init; } = "";

    /// <summary>The message <paramref name="m"/> of <paramref name="instance"/> (as the step left it: its variant after the step).</summary>
    public static JourneyMessageRow From(int workspaceId, JourneyInstance instance, JourneyMessage m, DateTimeOffset now) => new()
    {
        WorkspaceId = workspaceId,
        ContactId = instance.ContactId,
        Channel = WireName.Of(m.Channel),
        Topic = m.Topic,
        Purpose = m.Purpose,
        Recipient = m.Recipient,
        Content = m.Content,
        Now = UnixMs.Of(now),
        JourneyKey = instance.Journey,
        JourneyVersion = instance.Version,
        JourneyNode = m.Node,
        JourneyVariant = instance.Variant,
        JourneyInstanceId = instance.Id,
        WhenBlocked = WireName.Of(m.WhenBlocked),
    };
}
