namespace Rapport.Server.Api;

/// <summary>
/// The body of PUT /api/v1/policy (for the API document), every field optional (left out: the default's value):
/// <c>caps</c> per channel ({"email": {"perDay": 2, "perWeek": 7, "perMonth": 20}}), <c>minimumInterval</c> between two
/// marketing messages (ISO 8601, "PT4H"; null: none), <c>quietHours</c> per channel ({"sms": {"start": "21:00", "end":
/// "08:00"}}), and whether transactional messages count toward the caps.
/// </summary>
public sealed record PolicyInput(
    IReadOnlyDictionary<string, PolicyCapsInput>? Caps, string? MinimumInterval, IReadOnlyDictionary<string, PolicyQuietHoursInput>? QuietHours,
    bool? TransactionalCounts);

/// <summary>How many marketing messages a person may get on a channel in a local day, week (from Monday) and month.</summary>
public sealed record PolicyCapsInput(int? PerDay, int? PerWeek, int? PerMonth);

/// <summary>Local times of day (HH:mm) between which nothing marketing goes out on a channel; may wrap midnight.</summary>
public sealed record PolicyQuietHoursInput(string Start, string End);
