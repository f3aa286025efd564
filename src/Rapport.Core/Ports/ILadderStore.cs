using Rapport.Core.Value;

namespace Rapport.Core.Ports;

/// <summary>One move on the ladder of loyalty.</summary>
public sealed record StageChange(long ContactId, LoyaltyStage From, LoyaltyStage To, DateTimeOffset At);

/// <summary>How many contacts moved from one stage to another in a period.</summary>
public sealed record StageFlow(LoyaltyStage From, LoyaltyStage To, int Contacts);

/// <summary>Each contact's stage of the ladder of loyalty, and every move between stages.</summary>
public interface ILadderStore
{
    /// <summary>Puts <paramref name="contacts"/> (null: everyone) on the stage the ladder gives them now; records and returns each move.</summary>
    Task<IReadOnlyList<StageChange>> RefreshAsync(
        int workspaceId, LoyaltyLadder ladder, DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct);

    /// <summary>The contact's stage and since when (a contact never moved is a suspect since it was created).</summary>
    Task<(LoyaltyStage Stage, DateTimeOffset? Since)> StageAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>The contact's moves, oldest first.</summary>
    Task<IReadOnlyList<StageChange>> HistoryAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>How many contacts stand on each stage.</summary>
    Task<IReadOnlyList<(LoyaltyStage Stage, int Contacts)>> StagesAsync(int workspaceId, CancellationToken ct);

    /// <summary>The moves made from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), counted by from and to stage.</summary>
    Task<IReadOnlyList<StageFlow>> FlowsAsync(int workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
