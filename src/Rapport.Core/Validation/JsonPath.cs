using System.Globalization;
using System.Text;

namespace Rapport.Core.Validation;

/// <summary>
/// Where a reader is in a JSON document, as the path a problem names ("condition.all[1].value"), with
/// the names already seen in each open object. Its places are kept and reused from one object to the
/// next, so a walk allocates once per level of nesting, not once per object.
/// </summary>
internal sealed class JsonPath(string root)
{
    private readonly List<Place> _places = [];
    private int _depth;

    /// <summary>Moves to the next item when inside an array (a value read inside an object has its name already).</summary>
    public void Item()
    {
        if (_depth > 0 && _places[_depth - 1] is { IsArray: true } array)
        {
            array.Index++;
        }
    }

    /// <returns>Null: opening is never a problem (the signature fits the reader's switch).</returns>
    public string? Open(bool isArray)
    {
        if (_depth == _places.Count)
        {
            _places.Add(new Place());
        }

        var place = _places[_depth++];
        place.IsArray = isArray;
        place.Index = -1;
        place.Name = null;
        place.Names.Clear();
        return null;
    }

    public void Close() => _depth--;

    /// <summary>Moves to the field <paramref name="name"/> of the open object.</summary>
    /// <returns>False when the object already had a field of that name.</returns>
    public bool Name(string name)
    {
        var place = _places[_depth - 1];
        place.Name = name;
        return place.Names.Add(name);
    }

    /// <summary>Whether the reader is at an item of the top-level array <paramref name="name"/> ({"batch": [here, here]}).</summary>
    public bool IsItemOfTopLevelArray(string name) =>
        _depth == 2 && !_places[0].IsArray && _places[0].Name == name && _places[1].IsArray;

    public override string ToString() => Build(_depth);

    /// <summary>The path of the open object itself, without the field the reader was last at.</summary>
    public string OfObject() => Build(_depth - 1);

    private string Build(int named)
    {
        var path = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var place = _places[i];
            if (place.IsArray && place.Index >= 0)
            {
                path.Append(CultureInfo.InvariantCulture, $"[{place.Index}]");
            }
            else if (!place.IsArray && i < named && place.Name is { } name)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(name);
            }
        }

        return path.Length == 0 ? root : path[0] == '[' ? root + path : path.ToString();
    }

    private sealed class Place
    {
        public bool IsArray { get; set; }

        public int Index { get; set; }

        public string? Name { get; set; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}
