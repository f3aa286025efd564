using System.Text.Json;
using Rapport.Core.Events;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Events;

/// <summary>Rapport's own events: what they store, and that no sender can track one.</summary>
public sealed class ReservedEventsTests
{
    private static readonly DateTimeOffset Received = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Segment Entered")]
    [InlineData("Segment Exited")]
    [InlineData("Stage Changed")]
    [InlineData("  Segment Entered ")] // trimmed as every event name is, it would count as Rapport's own
    public void A_track_with_the_name_of_one_of_Rapports_own_events_is_rejected(string name)
    {
        var reading = Read($$$"""{"type":"track","userId":"u","event":"{{{name}}}","properties":{"segment":"vip"}}""");

        Assert.Null(reading.Message);
        Assert.Equal($"event '{name.Trim()}' is reserved: only Rapport records it", reading.Rejection);
    }

    [Theory]
    [InlineData("""{"type":"track","userId":"u","event":"segment entered"}""")] // names compare exactly, as segments compare them
    [InlineData("""{"type":"track","userId":"u","event":"Segment Entered Twice"}""")]
    [InlineData("""{"type":"page","userId":"u","name":"Segment Entered"}""")] // segments count tracks only
    [InlineData("""{"type":"screen","userId":"u","name":"Stage Changed"}""")]
    public void Other_names_and_pages_or_screens_of_those_names_are_accepted(string json) =>
        Assert.NotNull(Read(json).Message);

    [Fact]
    public void Rapports_own_events_carry_their_reserved_names_and_properties()
    {
        RapportEvent[] events = [new SegmentEntered("vip"), new SegmentExited("vip"), new StageChanged(LoyaltyStage.Prospect, LoyaltyStage.Customer)];

        Assert.All(events, e => Assert.True(ReservedEvents.IsReserved(e.Name)));
        Assert.Equal(
            ["""Segment Entered {"segment":"vip"}""", """Segment Exited {"segment":"vip"}""", """Stage Changed {"from":"prospect","to":"customer"}"""],
            events.Select(e => $"{e.Name} {e.Properties().ToJsonString()}"));
    }

    private static MessageReading Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TrackingMessageReader.Read(document.RootElement, null, Received, null, () => "generated");
    }
}
