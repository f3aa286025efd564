using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Templates;
using Rapport.Core.Validation;

namespace Rapport.Engine.Templates;

/// <summary>
/// Templates read from their stored documents and parsed once per version (kept for the last <see cref="Capacity"/>
/// versions used), and rendered within <see cref="Deadline"/> on the injected clock. The API and `rapport apply` save
/// through <see cref="SaveAsync"/>; the preview (and, later, the dispatcher) renders through <see cref="RenderAsync"/>.
/// </summary>
public sealed class TemplateCatalog(ITemplateStore store, TimeProvider clock)
{
    public const int Capacity = 1_000;
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    private readonly ParsedTemplates _parsed = new(Capacity);

    /// <summary>Reads <paramref name="document"/> (with its key) and stores it as the template's next version; null, with the errors by path, when it is wrong.</summary>
    public async Task<CurrentTemplate?> SaveAsync(int workspaceId, JsonObject document, FieldErrors errors, CancellationToken ct)
    {
        if (TemplateJson.Read(JsonSerializer.SerializeToElement(document), errors) is not { } definition)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var channel = WireName.Of(definition.Channel);
        var version = await store.SaveAsync(workspaceId, definition.Key, definition.Name, channel, document.ToJsonString(), now, ct);
        _parsed.Add(workspaceId, definition.Key, version, definition);
        return new CurrentTemplate(new StoredTemplate(definition.Key, version, definition.Name, channel, document.ToJsonString(), now), definition);
    }

    /// <summary>A version of a template (null: the newest), parsed; null when there is none or its document no longer reads.</summary>
    public async Task<CurrentTemplate?> VersionAsync(int workspaceId, string key, int? version, CancellationToken ct) =>
        await store.GetAsync(workspaceId, key, version, ct) is { } stored ? Parsed(workspaceId, stored) : null;

    /// <summary>A stored version, parsed (once per process); null when its document no longer reads.</summary>
    public CurrentTemplate? Parsed(int workspaceId, StoredTemplate stored)
    {
        if (!_parsed.TryGet(workspaceId, stored.Key, stored.Version, out var definition))
        {
            using var json = JsonDocument.Parse(stored.Document);
            if (TemplateJson.Read(json.RootElement, new FieldErrors()) is not { } read)
            {
                return null;
            }

            _parsed.Add(workspaceId, stored.Key, stored.Version, read);
            definition = read;
        }

        return new CurrentTemplate(stored, definition);
    }

    /// <summary>
    /// Renders for one person, in <paramref name="locale"/> when given (else theirs), now; a render that fails or runs
    /// past <see cref="Deadline"/> is a <see cref="TemplateRenderException"/> naming where.
    /// </summary>
    public async Task<RenderedTemplate> RenderAsync(TemplateDefinition template, TemplateData data, string? locale, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(Deadline, clock);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await TemplateRenderer.RenderAsync(template, data, locale, RenderLimits.Default, clock.GetUtcNow(), both.Token);
        }
        catch (TemplateRenderException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct); // the caller gave up: not the template's fault
        }
    }
}
