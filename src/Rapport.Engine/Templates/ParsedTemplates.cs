using Rapport.Core.Templates;

namespace Rapport.Engine.Templates;

/// <summary>
/// Templates parsed, by workspace, key and version (a version never changes, so it is parsed once): at most
/// <paramref name="capacity"/>, the oldest put in forgotten first.
/// </summary>
public sealed class ParsedTemplates(int capacity)
{
    private readonly Dictionary<(int, string, int), TemplateDefinition> _parsed = [];
    private readonly Queue<(int, string, int)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _parsed.Count;
            }
        }
    }

    public bool TryGet(int workspaceId, string key, int version, out TemplateDefinition definition)
    {
        lock (_lock)
        {
            return _parsed.TryGetValue((workspaceId, key, version), out definition!);
        }
    }

    public void Add(int workspaceId, string key, int version, TemplateDefinition definition)
    {
        lock (_lock)
        {
            if (!_parsed.TryAdd((workspaceId, key, version), definition))
            {
                return;
            }

            _order.Enqueue((workspaceId, key, version));
            while (_parsed.Count > capacity)
            {
                _parsed.Remove(_order.Dequeue());
            }
        }
    }
}
