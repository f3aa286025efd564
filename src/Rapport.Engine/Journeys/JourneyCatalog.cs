using System.Collections.Concurrent;
using System.Text.Json;
using Rapport.Core;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Engine.Segments;

namespace Rapport.Engine.Journeys;

/// <summary>A journey version as the runner runs it: the stored row and its definition, read once.</summary>
public sealed record RunningJourney(StoredJourney Stored, JourneyDefinition Definition);

/// <summary>
/// Journey definitions, read from their stored documents. A version never changes once stored, so each is read once
/// per process; which journeys are active is read from the store each time (another node may have changed it).
/// </summary>
public sealed class JourneyCatalog(IJourneyStore store, SegmentCatalog segments, IConsentStore consent, ITemplateStore templates)
{
    private readonly ConcurrentDictionary<(int, string, int), JourneyDefinition> _read = new();

    /// <summary>The newest version of every journey that is active (taking entries), read.</summary>
    public async Task<IReadOnlyList<RunningJourney>> ActiveAsync(int workspaceId, CancellationToken ct) =>
        (await RunningAsync(workspaceId, ct)).Where(j => j.Stored.Status == JourneyStatus.Active).ToList();

    /// <summary>The newest version of every journey that has people on their way (active or paused), read.</summary>
    public async Task<IReadOnlyList<RunningJourney>> RunningAsync(int workspaceId, CancellationToken ct) =>
        (await store.ListAsync(workspaceId, ct)).Where(j => j.Status is JourneyStatus.Active or JourneyStatus.Paused)
        .Select(j => Read(workspaceId, j) is { } d ? new RunningJourney(j, d) : null).OfType<RunningJourney>().ToList();

    /// <summary>A version of a journey (with the journey's status now); null when it is gone or its document does not read.</summary>
    public async Task<RunningJourney?> VersionAsync(int workspaceId, string key, int version, CancellationToken ct) =>
        await store.GetAsync(workspaceId, key, version, ct) is { } stored && Read(workspaceId, stored) is { } definition
            ? new RunningJourney(stored, definition)
            : null;

    /// <summary>
    /// The names of the events that may move an instance of any version of <paramref name="journey"/>: what the runner
    /// must wake instances for. Versions never change, so each is read from the store once per process.
    /// </summary>
    public async Task<IReadOnlySet<string>> EventsWaitedForAsync(int workspaceId, RunningJourney journey, CancellationToken ct)
    {
        var names = new HashSet<string>(journey.Definition.EventsItWaitsFor(), StringComparer.Ordinal);
        for (var version = 1; version < journey.Stored.Version; version++)
        {
            var definition = _read.TryGetValue((workspaceId, journey.Stored.Key, version), out var known)
                ? known
                : (await VersionAsync(workspaceId, journey.Stored.Key, version, ct))?.Definition;
            names.UnionWith(definition?.EventsItWaitsFor() ?? new HashSet<string>());
        }

        return names;
    }

    /// <summary>Reads a definition and checks that the segments and topics it names exist in the workspace (errors name the path).</summary>
    public async Task<JourneyDefinition?> ReadAsync(int workspaceId, JsonElement document, FieldErrors errors, CancellationToken ct)
    {
        var definition = JourneyJson.Read(document, errors);
        if (definition is not null)
        {
            foreach (var missing in await MissingAsync(workspaceId, definition, ct))
            {
                errors.Add(missing.Field, missing.Reason);
            }
        }

        return errors.IsEmpty ? definition : null;
    }

    /// <summary>
    /// What the definition names that the workspace lacks: a segment or a template deleted since, a topic never made, a
    /// template of another channel than the send that names it.
    /// </summary>
    public async Task<IReadOnlyList<(string Field, string Reason)>> MissingAsync(int workspaceId, JourneyDefinition definition, CancellationToken ct)
    {
        var current = await segments.CurrentAsync(workspaceId, ct);
        var topics = (await consent.TopicsAsync(workspaceId, ct)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var sends = JourneyReferences.Templates(definition);
        var saved = sends.Count == 0 ? [] : (await templates.CurrentAsync(workspaceId, ct)).ToDictionary(t => t.Key, t => t.Channel, StringComparer.Ordinal);
        return
        [
            .. JourneyReferences.Segments(definition).Where(k => !current.ContainsKey(k)).Distinct().Select(k => ("segments", $"segment '{k}' does not exist")),
            .. JourneyReferences.Topics(definition).Where(t => !topics.Contains(t)).Distinct().Select(t => ("topics", $"topic '{t}' does not exist")),
            .. sends.Select(s => saved.TryGetValue(s.Template, out var channel)
                ? channel == WireName.Of(s.Channel) ? null : $"template '{s.Template}' is for {channel}, and node '{s.Node}' sends {WireName.Of(s.Channel)}"
                : $"template '{s.Template}' does not exist").OfType<string>().Distinct().Select(r => ("templates", r)),
        ];
    }

    /// <summary>The running journeys (active or paused) whose sends name the template <paramref name="key"/>: it may not be deleted under them.</summary>
    public async Task<IReadOnlyList<string>> SendingAsync(int workspaceId, string key, CancellationToken ct) =>
        (await RunningAsync(workspaceId, ct)).Where(j => JourneyReferences.Templates(j.Definition).Any(t => t.Template == key)).Select(j => j.Stored.Key).ToList();

    private JourneyDefinition? Read(int workspaceId, StoredJourney stored)
    {
        if (_read.TryGetValue((workspaceId, stored.Key, stored.Version), out var known))
        {
            return known;
        }

        using var json = JsonDocument.Parse(stored.Document);
        var definition = JourneyJson.Read(json.RootElement, new FieldErrors());
        return definition is null ? null : _read.GetOrAdd((workspaceId, stored.Key, stored.Version), definition);
    }
}
