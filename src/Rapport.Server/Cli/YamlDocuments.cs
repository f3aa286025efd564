using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rapport.Server.Cli;

/// <summary>
/// YAML files of definitions (journeys-as-code) read as the JSON documents the API takes: plain
/// scalars that look like numbers or booleans become them, quoted ones stay strings. A file may hold
/// several documents separated by "---". What is not YAML, a key given twice in one mapping included,
/// is refused naming the document and the line.
/// </summary>
public static class YamlDocuments
{
    public static IReadOnlyList<JsonObject> Read(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException e) when (e.Start.Line > 0)
        {
            throw new YamlException(e.Start, e.End, $"document {DocumentAt(path, e.Start.Line)}, line {e.Start.Line}: {e.Message}");
        }

        return stream.Documents.Select((d, i) => Convert(d.RootNode) as JsonObject
            ?? throw new YamlException($"{path}: document {i + 1} is not a mapping (key: value lines)")).ToList();
    }

    /// <summary>Which document of the file a line is in: documents are separated by "---" lines, and one may open the file.</summary>
    private static long DocumentAt(string path, long line)
    {
        var starts = File.ReadLines(path).Take((int)line - 1).Select(l => l.TrimEnd()).ToList();
        var opening = starts.FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) is "---" ? 1 : 0;
        return 1 + starts.Count(l => l == "---" || l.StartsWith("--- ", StringComparison.Ordinal)) - opening;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, "anchors and aliases are not supported here"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "true" or "True" => JsonValue.Create(true),
            "false" or "False" => JsonValue.Create(false),
            "null" or "~" or "" => null,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }
}
