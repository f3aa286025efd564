using System.Globalization;
using System.Text.Json;
using Dapper;
using NpgsqlTypes;
using Rapport.Core;
using Rapport.Core.Journeys;
using Rapport.Core.Validation;
using Rapport.Storage;

namespace Rapport.Bench;

/// <summary>
/// Timers for the store: an active journey whose one wait leads to an exit, and one instance per seeded contact waiting
/// there, each with the two steps it took to get there (entered, waiting), written by the fastest plain means. Contact k
/// (of <paramref name="contacts"/>) is due at <paramref name="first"/> + (k − 1) / contacts × <paramref name="spread"/>: uniformly over the spread.
/// </summary>
public sealed class TimerData(int contacts, DateTimeOffset first, TimeSpan spread)
{
    public const string Key = "bench-timers";

    /// <summary>How long each instance has waited by its due time (it entered that long before).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromHours(1);

    private static readonly string Definition = $$"""
        {"key": "{{Key}}", "name": "Bench timers", "triggers": [{"api": true}],
         "nodes": [{"id": "wait", "type": "wait", "for": "PT1H", "next": "done"}, {"id": "done", "type": "exit"}]}
        """;

    private static readonly IReadOnlyList<(string Name, NpgsqlDbType Type)> InstanceColumns =
    [
        ("workspace_id", NpgsqlDbType.Integer), ("journey_key", NpgsqlDbType.Text), ("version", NpgsqlDbType.Integer), ("contact_id", NpgsqlDbType.Bigint),
        ("status", NpgsqlDbType.Text), ("node", NpgsqlDbType.Text), ("node_since", NpgsqlDbType.Bigint), ("due_at", NpgsqlDbType.Bigint),
        ("entered_at", NpgsqlDbType.Bigint), ("steps", NpgsqlDbType.Integer), ("used_answers", NpgsqlDbType.Text),
    ];

    /// <summary>When contact <paramref name="contactId"/>'s timer is due, in Unix milliseconds.</summary>
    public long DueOf(long contactId) => first.ToUnixTimeMilliseconds() + (long)((contactId - 1) * spread.TotalMilliseconds / contacts);

    public async Task WriteAsync(Database db, int workspaceId, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        using (var document = JsonDocument.Parse(Definition))
        {
            _ = JourneyJson.Read(document.RootElement, errors) ?? throw new InvalidOperationException($"The timers' journey does not read: {errors}");
        }

        var ids = new { WorkspaceId = workspaceId, Key, Document = Definition, Now = now.ToUnixTimeMilliseconds() };
        await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("INSERT INTO journey (workspace_id, key, version, name, document, created_at) VALUES (@WorkspaceId, @Key, 1, 'Bench timers', @Document, @Now)", ids, tx);
            return await c.ExecuteAsync("INSERT INTO journey_control (workspace_id, key, status, changed_at) VALUES (@WorkspaceId, @Key, 'active', @Now)", ids, tx);
        }, CancellationToken.None);

        await RawInsert.RowsAsync(db, "journey_instance", InstanceColumns, Enumerable.Range(1, contacts).Select(k =>
        {
            var due = DueOf(k);
            var since = due - (long)Wait.TotalMilliseconds;
            return new object?[] { workspaceId, Key, 1, (long)k, "active", "wait", since, due, since, 2, "[]" };
        }));

        // A fresh database numbers the instances 1, 2, … in the order written: instance k is contact k's.
        var misnumbered = await db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM journey_instance WHERE workspace_id = @WorkspaceId AND id <> contact_id", ids), CancellationToken.None);
        if (misnumbered > 0)
        {
            throw new InvalidOperationException($"{misnumbered} timer instances were not numbered as their contacts.");
        }

        await RawInsert.JourneyStepsAsync(db, Enumerable.Range(1, contacts).SelectMany(k => Steps(workspaceId, k)));
    }

    private IEnumerable<JourneyStepRow> Steps(int workspaceId, long contactId)
    {
        var due = DueOf(contactId);
        var since = due - (long)Wait.TotalMilliseconds;
        yield return new JourneyStepRow
        {
            WorkspaceId = workspaceId, InstanceId = contactId, StepNo = 1, Node = "wait", Kind = WireName.Of(StepKind.Entered), Why = "entered by the API", At = since,
        };
        yield return new JourneyStepRow
        {
            WorkspaceId = workspaceId, InstanceId = contactId, StepNo = 2, Node = "wait", Kind = WireName.Of(StepKind.Waiting),
            Why = string.Create(CultureInfo.InvariantCulture, $"waits until {DateTimeOffset.FromUnixTimeMilliseconds(due):O}"), At = since,
        };
    }
}
