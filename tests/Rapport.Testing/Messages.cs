using System.Text.Json.Nodes;
using Rapport.Core.Events;

namespace Rapport.Testing;

/// <summary>Valid Segment messages for store and engine tests.</summary>
public static class Messages
{
    public static TrackingMessage Track(string? userId, string? anonymousId, string @event, DateTimeOffset at, string? messageId = null) =>
        new(MessageType.Track, messageId ?? Some.Id("msg"), userId, anonymousId, null, null, @event, "{}", "{}", at);

    public static TrackingMessage Identify(string? userId, string? anonymousId, JsonObject traits, DateTimeOffset at, string? messageId = null) =>
        new(MessageType.Identify, messageId ?? Some.Id("msg"), userId, anonymousId, null, null, null, traits.ToJsonString(), "{}", at);

    public static TrackingMessage Alias(string userId, string previousId, DateTimeOffset at) =>
        new(MessageType.Alias, Some.Id("msg"), userId, null, previousId, null, null, "{}", "{}", at);
}
