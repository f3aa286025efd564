using NpgsqlTypes;

namespace Rapport.Bench;

/// <summary>A row of journey_step as the runner writes it: read back from Rapport's store, written again by the baseline.</summary>
public sealed class JourneyStepRow
{
    /// <summary>Every step of the instances of a journey (@Key), instance by instance.</summary>
    public const string OfJourney = """
        SELECT workspace_id AS WorkspaceId, instance_id AS InstanceId, step_no AS StepNo, node AS Node, kind AS Kind, edge AS Edge, why AS Why, at AS At
        FROM journey_step
        WHERE workspace_id = @WorkspaceId AND instance_id IN (SELECT id FROM journey_instance WHERE workspace_id = @WorkspaceId AND journey_key = @Key)
        ORDER BY instance_id, step_no
        """;

    public static readonly IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns =
    [
        ("workspace_id", NpgsqlDbType.Integer), ("instance_id", NpgsqlDbType.Bigint), ("step_no", NpgsqlDbType.Integer), ("node", NpgsqlDbType.Text),
        ("kind", NpgsqlDbType.Text), ("edge", NpgsqlDbType.Text), ("why", NpgsqlDbType.Text), ("at", NpgsqlDbType.Bigint),
    ];

    public int WorkspaceId { get; init; }
    public long InstanceId { get; init; }
    public int StepNo { get; init; }
    public string Node { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Edge { get; init; }
    public string Why { get; init; } = "";
    public long At { get; init; }

    /// <summary>The values in the order of <see cref="Columns"/>.</summary>
    public object?[] Values => [WorkspaceId, InstanceId, StepNo, Node, Kind, Edge, Why, At];
}
