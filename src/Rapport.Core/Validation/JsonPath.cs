using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rapport.Core.Validation;

/// <summary>
/// Where a reader is in a JSON document, as the path a problem names ("condition.all[1].value"), and
/// the names seen so far in each open object, to find one given twice. Made for the hot path of every
/// tracked message: one per thread, reused from one document to the next, keeping the names' bytes in
/// one buffer (no string per name) and comparing them directly while an object has few, through a set
/// once it has many.
/// </summary>
internal sealed class JsonPath
{
    private const int ComparedDirectly = 32;

    [ThreadStatic]
    private static JsonPath? _ofThisThread;

    private readonly List<Place> _places = [];
    private readonly List<(int Start, int Length)> _names = []; // the names of the open objects, in _bytes
    private byte[] _bytes = new byte[1024];
    private int _used;
    private int _depth;
    private string _root = "";

    /// <summary>This thread's path, emptied, for one walk (a walk never starts another).</summary>
    public static JsonPath Start(string root)
    {
        var path = _ofThisThread ??= new JsonPath();
        path._root = root;
        path._depth = 0;
        path._names.Clear();
        path._used = 0;
        return path;
    }

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
        place.Name = -1;
        place.FirstName = _names.Count;
        place.Used = _used;
        place.Set = null;
        return null;
    }

    public void Close()
    {
        var place = _places[--_depth];
        _names.RemoveRange(place.FirstName, _names.Count - place.FirstName);
        _used = place.Used;
    }

    /// <summary>Moves to the field the reader is at (a property name whose text was found good).</summary>
    /// <returns>False when the open object already had a field of that name.</returns>
    public bool Name(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (_bytes.Length - _used < raw.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + raw.Length));
        }

        var room = _bytes.AsSpan(_used);
        var length = reader.ValueIsEscaped ? reader.CopyString(room) : raw.Length;
        if (!reader.ValueIsEscaped)
        {
            raw.CopyTo(room);
        }

        var place = _places[_depth - 1];
        var name = room[..length];
        var unique = place.Set is { } set ? set.Add(Encoding.UTF8.GetString(name)) : !SeenIn(place, name);
        place.Name = _names.Count;
        _names.Add((_used, length));
        _used += length;
        if (place.Set is null && _names.Count - place.FirstName > ComparedDirectly)
        {
            place.Set = new HashSet<string>(StringComparer.Ordinal);
            for (var i = place.FirstName; i < _names.Count; i++)
            {
                place.Set.Add(Text(i));
            }
        }

        return unique;
    }

    /// <summary>Whether the reader is at an item of the top-level array <paramref name="name"/> ({"batch": [here, here]}).</summary>
    public bool IsItemOfTopLevelArray(string name) =>
        _depth == 2 && !_places[0].IsArray && _places[0].Name >= 0 && Text(_places[0].Name) == name && _places[1].IsArray;

    public override string ToString() => Build(_depth);

    /// <summary>The path of the open object itself, without the field the reader was last at.</summary>
    public string OfObject() => Build(_depth - 1);

    private bool SeenIn(Place place, ReadOnlySpan<byte> name)
    {
        for (var i = place.FirstName; i < _names.Count; i++)
        {
            if (_bytes.AsSpan(_names[i].Start, _names[i].Length).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private string Text(int name) => Encoding.UTF8.GetString(_bytes, _names[name].Start, _names[name].Length);

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
            else if (!place.IsArray && i < named && place.Name >= 0)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(Text(place.Name));
            }
        }

        return path.Length == 0 ? _root : path[0] == '[' ? _root + path : path.ToString();
    }

    private sealed class Place
    {
        public bool IsArray { get; set; }

        public int Index { get; set; }

        /// <summary>The field the reader is at: an index into the names, or -1.</summary>
        public int Name { get; set; }

        public int FirstName { get; set; }

        /// <summary>How much of the name buffer was used when the object opened.</summary>
        public int Used { get; set; }

        /// <summary>The names as text, once the object has too many to compare one by one.</summary>
        public HashSet<string>? Set { get; set; }
    }
}
