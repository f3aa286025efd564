using System.Text.Json.Nodes;

namespace Rapport.Core.Contacts;

/// <summary>How free-form traits combine. Nothing here changes its arguments.</summary>
public static class TraitMerge
{
    /// <summary>Keys of <paramref name="newer"/> win; a key set to null in it is removed.</summary>
    public static JsonObject Overwrite(JsonObject older, JsonObject newer)
    {
        var result = older.Count == 0 ? [] : Copy(older);
        foreach (var (key, value) in newer)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>Adds only the keys of <paramref name="older"/> that <paramref name="newer"/> lacks.</summary>
    public static JsonObject FillGaps(JsonObject newer, JsonObject older)
    {
        var result = Copy(newer);
        foreach (var (key, value) in older)
        {
            if (!result.ContainsKey(key) && value is not null)
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>
    /// Sets the trait at a dot path ("address.city") to <paramref name="value"/>, making the objects on the way (a value
    /// on the way is replaced by one); a null value removes the trait, if it is there.
    /// </summary>
    public static JsonObject SetAt(JsonObject traits, string path, JsonNode? value)
    {
        var result = Copy(traits);
        var steps = path.Split('.');
        var parent = result;
        foreach (var step in steps[..^1])
        {
            if (parent[step] is JsonObject next)
            {
                parent = next;
            }
            else if (value is null)
            {
                return result;
            }
            else
            {
                var made = new JsonObject();
                parent[step] = made;
                parent = made;
            }
        }

        if (value is null)
        {
            parent.Remove(steps[^1]);
        }
        else
        {
            parent[steps[^1]] = value.DeepClone();
        }

        return result;
    }

    public static JsonObject Copy(JsonObject traits) => (JsonObject)traits.DeepClone();
}
