using System.Text.Json;
using Rapport.Core.Events;

namespace Rapport.Core.Tests.Events;

public sealed class TrackingMessageReaderTests
{
    private static readonly DateTimeOffset Received = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_track_call_is_read_with_its_fields()
    {
        var m = Read("""{"type":"track","userId":42,"anonymousId":"a","event":"Order Completed","properties":{"revenue":10},"messageId":"m-1","timestamp":"2026-05-01T11:00:00Z"}""");

        Assert.Equal((MessageType.Track, "42", "a", "Order Completed", "m-1"), (m.Type, m.UserId, m.AnonymousId, m.Name, m.MessageId));
        Assert.Equal("""{"revenue":10}""", m.PropertiesJson);
        Assert.Equal(Received.AddHours(-1), m.Timestamp);
    }

    [Fact]
    public void Client_clock_skew_is_corrected_with_sentAt_as_Segment_does()
    {
        // The device's clock is 10 minutes fast: it says it sent at 12:10 an event of 12:05.
        var m = Read("""{"type":"track","userId":"u","event":"E","timestamp":"2026-05-01T12:05:00Z","sentAt":"2026-05-01T12:10:00Z"}""");

        Assert.Equal(Received.AddMinutes(-5), m.Timestamp);
    }

    [Fact]
    public void A_message_without_timestamp_happened_when_received_and_gets_a_message_id()
    {
        var m = Read("""{"type":"page","anonymousId":"a"}""");

        Assert.Equal((Received, "generated"), (m.Timestamp, m.MessageId));
    }

    [Theory]
    [InlineData("""{"type":"track","event":"E"}""", "userId or an anonymousId")]
    [InlineData("""{"type":"track","userId":"u"}""", "event name")]
    [InlineData("""{"type":"jump","userId":"u"}""", "'jump' is unknown")]
    [InlineData("""{"userId":"u"}""", "type is missing")]
    [InlineData("""{"type":"alias","userId":"u"}""", "previousId")]
    [InlineData("""{"type":"group","userId":"u"}""", "groupId")]
    [InlineData("""{"type":"identify","userId":"u","traits":[1]}""", "traits must be an object")]
    [InlineData("""{"type":"identify","userId":true}""", "userId must be a string")]
    [InlineData("""{"type":"track","userId":"u","event":"E","timestamp":"soon"}""", "ISO 8601")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"type":"track","userId":"u","event":"E","properties":{"note":"\ud800"}}""", "properties.note: holds an unpaired surrogate")]
    [InlineData("""{"type":"track","userId":"u","event":"E","properties":{"a":"x\u0000"}}""", "properties.a: holds the NUL character")]
    [InlineData("""{"type":"track","userId":"u","event":"E","userId":"v"}""", "userId: is given twice")]
    [InlineData("""{"type":"identify","userId":"\ufeffalice"}""", "userId holds the invisible character U+FEFF at character 1")]
    [InlineData("""{"type":"page","anonymousId":"a\tb"}""", "anonymousId holds the invisible character U+0009")]
    [InlineData("""{"type":"track","userId":"UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUU","event":"E"}""", "userId is longer than 200")]
    public void An_invalid_message_is_rejected_with_its_reason(string json, string reason)
    {
        using var document = JsonDocument.Parse(json);
        var reading = TrackingMessageReader.Read(document.RootElement, null, Received, null, () => "generated");

        Assert.Null(reading.Message);
        Assert.Contains(reason, reading.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_over_32_KB_is_rejected()
    {
        var big = new string('x', 33_000);
        using var document = JsonDocument.Parse("""{"type":"track","userId":"u","event":"E","properties":{"p":"BIG"}}""".Replace("BIG", big, StringComparison.Ordinal));

        Assert.Contains("32 KB", TrackingMessageReader.Read(document.RootElement, null, Received, null, () => "g").Rejection, StringComparison.Ordinal);
    }

    private static TrackingMessage Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var reading = TrackingMessageReader.Read(document.RootElement, null, Received, null, () => "generated");
        return reading.Message ?? throw new InvalidOperationException(reading.Rejection);
    }
}
