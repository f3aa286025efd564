using System.Diagnostics;

namespace Rapport.Core.Events;

public static class MessageTypes
{
    public static bool TryParse(string? text, out MessageType type)
    {
        switch (text)
        {
            case "identify": type = MessageType.Identify; return true;
            case "track": type = MessageType.Track; return true;
            case "page": type = MessageType.Page; return true;
            case "screen": type = MessageType.Screen; return true;
            case "group": type = MessageType.Group; return true;
            case "alias": type = MessageType.Alias; return true;
            default: type = default; return false;
        }
    }

    public static MessageType Parse(string text) =>
        TryParse(text, out var type) ? type : throw new ArgumentException($"'{text}' is not a message type.", nameof(text));

    public static string Name(this MessageType type) => type switch
    {
        MessageType.Identify => "identify",
        MessageType.Track => "track",
        MessageType.Page => "page",
        MessageType.Screen => "screen",
        MessageType.Group => "group",
        MessageType.Alias => "alias",
        _ => throw new UnreachableException(),
    };
}
