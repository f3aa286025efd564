using System.Text.Json;
using Rapport.Core.Validation;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

public sealed class ValueSettingsTests
{
    private static readonly ValueSettings Current = new(0.5, 30, 2);

    [Fact]
    public void The_default_is_30_percent_margin_the_top_20_percent_and_growable_from_4()
    {
        Assert.Equal(new ValueSettings(0.3, 20, 4), ValueSettings.Default);
    }

    [Fact]
    public void Settings_read_from_every_field()
    {
        var (settings, errors) = Read("""{"marginRate": 0.45, "mostValuablePercent": 10, "growableScore": 3}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(new ValueSettings(0.45, 10, 3), settings);
    }

    [Theory]
    [InlineData("""{"growableScore": 5}""", 0.5, 30, 5)]
    [InlineData("""{"marginRate": 0.1}""", 0.1, 30, 2)]
    [InlineData("""{"mostValuablePercent": 15, "marginRate": 0.2}""", 0.2, 15, 2)]
    [InlineData("{}", 0.5, 30, 2)]
    public void A_field_left_out_keeps_its_current_value(string json, double marginRate, int percent, int score)
    {
        var (settings, errors) = Read(json);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(new ValueSettings(marginRate, percent, score), settings);
    }

    [Theory]
    [InlineData("""{"marginRate": 0}""")]
    [InlineData("""{"marginRate": 1}""")]
    [InlineData("""{"mostValuablePercent": 1}""")]
    [InlineData("""{"mostValuablePercent": 100}""")]
    [InlineData("""{"growableScore": 1}""")]
    [InlineData("""{"growableScore": 5}""")]
    public void The_bounds_of_each_range_are_allowed(string json)
    {
        var (settings, errors) = Read(json);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(settings);
    }

    [Theory]
    [InlineData("""{"marginRate": -0.01}""", "marginRate")]
    [InlineData("""{"marginRate": 1.5}""", "marginRate")]
    [InlineData("""{"marginRate": 1e400}""", "marginRate")]
    [InlineData("""{"marginRate": "0.3"}""", "marginRate")]
    [InlineData("""{"marginRate": null}""", "marginRate")]
    [InlineData("""{"mostValuablePercent": 0}""", "mostValuablePercent")]
    [InlineData("""{"mostValuablePercent": 101}""", "mostValuablePercent")]
    [InlineData("""{"mostValuablePercent": 12.5}""", "mostValuablePercent")]
    [InlineData("""{"mostValuablePercent": "20"}""", "mostValuablePercent")]
    [InlineData("""{"mostValuablePercent": 1e10}""", "mostValuablePercent")]
    [InlineData("""{"growableScore": 0}""", "growableScore")]
    [InlineData("""{"growableScore": 6}""", "growableScore")]
    [InlineData("""{"growableScore": 4.5}""", "growableScore")]
    [InlineData("""{"growableScore": true}""", "growableScore")]
    [InlineData("""{"growableScore": [4]}""", "growableScore")]
    [InlineData("""{"margin_rate": 0.3}""", "margin_rate")]
    [InlineData("""{"MarginRate": 0.3}""", "MarginRate")]
    public void A_bad_field_is_named_and_nothing_is_read(string json, string field)
    {
        var (settings, errors) = Read(json);

        Assert.Null(settings);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Every_bad_field_is_named_while_good_ones_are_not()
    {
        var (settings, errors) = Read("""{"marginRate": 2, "mostValuablePercent": 10, "growableScore": 9, "extra": 1}""");

        Assert.Null(settings);
        Assert.Equal(["extra", "growableScore", "marginRate"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_message_says_what_a_field_takes()
    {
        var (_, errors) = Read("""{"growableScore": 9}""");

        Assert.Contains("1 to 5", Assert.Single(errors.ToDictionary()["growableScore"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("0.3")]
    [InlineData("null")]
    public void A_body_that_is_not_an_object_is_refused(string json)
    {
        var (settings, errors) = Read(json);

        Assert.Null(settings);
        Assert.Equal(["body"], errors.ToDictionary().Keys);
    }

    private static (ValueSettings? Settings, FieldErrors Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        return (ValueSettings.Read(document.RootElement, Current, errors), errors);
    }
}
