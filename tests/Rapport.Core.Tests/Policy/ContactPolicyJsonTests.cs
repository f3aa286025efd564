using System.Text.Json;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Policy;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Policy;

/// <summary>A contact policy is read from JSON with defaults for what it leaves out, and every mistake is named by its path.</summary>
public sealed class ContactPolicyJsonTests
{
    private static ContactPolicy Read(string json)
    {
        var errors = new FieldErrors();
        var policy = ContactPolicyJson.Read(JsonDocument.Parse(json).RootElement, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return policy!;
    }

    private static IDictionary<string, string[]> Refused(string json)
    {
        var errors = new FieldErrors();
        Assert.Null(ContactPolicyJson.Read(JsonDocument.Parse(json).RootElement, errors));
        return errors.ToDictionary();
    }

    [Fact]
    public void A_whole_policy_is_read_into_its_rules()
    {
        var policy = Read("""
            {"caps": {"email": {"perDay": 2, "perWeek": 5, "perMonth": 12}, "sms": {"perWeek": 1}},
             "minimumInterval": "P2D", "quietHours": {"sms": {"start": "21:00", "end": "08:00"}, "phone": {"start": "12:00", "end": "13:30"}},
             "transactionalCounts": true}
            """);

        Assert.Equal(new ChannelCaps(2, 5, 12), policy.CapsOf(Channel.Email));
        Assert.Equal(new ChannelCaps(null, 1, null), policy.CapsOf(Channel.Sms));
        Assert.Equal(ChannelCaps.None, policy.CapsOf(Channel.Post));
        Assert.Equal("P2D", policy.MinimumInterval?.Text);
        Assert.Equal(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0)), policy.QuietHoursOf(Channel.Sms));
        Assert.True(policy.QuietHoursOf(Channel.Sms)!.WrapsMidnight);
        Assert.False(policy.QuietHoursOf(Channel.Phone)!.WrapsMidnight);
        Assert.Null(policy.QuietHoursOf(Channel.Email));
        Assert.True(policy.TransactionalCounts);
    }

    [Fact]
    public void An_empty_document_is_the_default_policy()
    {
        var policy = Read("{}");

        Assert.Equal(ContactPolicy.Default.Caps, policy.Caps);
        Assert.Equal(ContactPolicy.Default.QuietHours, policy.QuietHours);
        Assert.Equal("PT1H", policy.MinimumInterval?.Text);
        Assert.False(policy.TransactionalCounts);
        Assert.Equal(new ChannelCaps(2, 7, null), policy.CapsOf(Channel.Email));
        Assert.Equal(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0)), policy.QuietHoursOf(Channel.Sms));
    }

    [Fact]
    public void A_field_given_is_taken_as_written_empty_means_no_rule()
    {
        var policy = Read("""{"caps": {}, "quietHours": {}, "minimumInterval": null}""");

        Assert.Empty(policy.Caps);
        Assert.Empty(policy.QuietHours);
        Assert.Null(policy.MinimumInterval);
        Assert.Equal(ContactPolicy.Default.QuietHours, Read("""{"caps": {"email": {}}}""").QuietHours);
        Assert.Equal(ChannelCaps.None, Read("""{"caps": {"email": {}}}""").CapsOf(Channel.Email));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"caps": {"email": {"perDay": 2, "perWeek": 5, "perMonth": 12}, "post": {"perMonth": 1}}, "minimumInterval": "PT90M", "quietHours": {"sms": {"start": "21:00", "end": "08:00:30"}}, "transactionalCounts": true}""")]
    [InlineData("""{"caps": {}, "quietHours": {}, "minimumInterval": null}""")]
    public void A_policy_written_out_reads_back_to_the_same_rules(string json)
    {
        var policy = Read(json);

        var again = Read(ContactPolicyJson.Write(policy).ToJsonString());

        Assert.Equal(policy.Caps, again.Caps);
        Assert.Equal(policy.QuietHours, again.QuietHours);
        Assert.Equal(policy.MinimumInterval?.Period, again.MinimumInterval?.Period);
        Assert.Equal(policy.TransactionalCounts, again.TransactionalCounts);
    }

    [Theory]
    [InlineData("""[]""", "body")]
    [InlineData("""{"cap": {}}""", "cap")]
    [InlineData("""{"caps": []}""", "caps")]
    [InlineData("""{"caps": {"fax": {"perDay": 1}}}""", "caps.fax")]
    [InlineData("""{"caps": {"Email": {"perDay": 1}}}""", "caps.Email")]
    [InlineData("""{"caps": {"email": 3}}""", "caps.email")]
    [InlineData("""{"caps": {"email": {"perWeek": -1}}}""", "caps.email.perWeek")]
    [InlineData("""{"caps": {"email": {"perWeek": 0}}}""", "caps.email.perWeek")]
    [InlineData("""{"caps": {"email": {"perWeek": "2"}}}""", "caps.email.perWeek")]
    [InlineData("""{"caps": {"email": {"perWeek": 2.5}}}""", "caps.email.perWeek")]
    [InlineData("""{"caps": {"email": {"perWeek": null}}}""", "caps.email.perWeek")]
    [InlineData("""{"caps": {"sms": {"perDay": 10001}}}""", "caps.sms.perDay")]
    [InlineData("""{"caps": {"email": {"perYear": 10}}}""", "caps.email.perYear")]
    [InlineData("""{"minimumInterval": "4 hours"}""", "minimumInterval")]
    [InlineData("""{"minimumInterval": "PT0S"}""", "minimumInterval")]
    [InlineData("""{"minimumInterval": "-P1D"}""", "minimumInterval")]
    [InlineData("""{"minimumInterval": "P11Y"}""", "minimumInterval")]
    [InlineData("""{"minimumInterval": 3600}""", "minimumInterval")]
    [InlineData("""{"quietHours": "21:00-08:00"}""", "quietHours")]
    [InlineData("""{"quietHours": {"pigeon": {"start": "21:00", "end": "08:00"}}}""", "quietHours.pigeon")]
    [InlineData("""{"quietHours": {"sms": {"start": "25:00", "end": "08:00"}}}""", "quietHours.sms.start")]
    [InlineData("""{"quietHours": {"sms": {"start": "9pm", "end": "08:00"}}}""", "quietHours.sms.start")]
    [InlineData("""{"quietHours": {"sms": {"start": "21:00"}}}""", "quietHours.sms.end")]
    [InlineData("""{"quietHours": {"sms": {"start": "21:00", "end": 8}}}""", "quietHours.sms.end")]
    [InlineData("""{"quietHours": {"sms": {"start": "21:00", "end": "21:00"}}}""", "quietHours.sms")]
    [InlineData("""{"quietHours": {"sms": {"start": "21:00", "end": "08:00", "days": ["sun"]}}}""", "quietHours.sms.days")]
    [InlineData("""{"transactionalCounts": "no"}""", "transactionalCounts")]
    public void A_wrong_policy_names_the_path_of_the_error(string json, string path) =>
        Assert.Contains(path, Refused(json).Keys);

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        var errors = Refused("""{"caps": {"email": {"perDay": -2}, "fax": {}}, "minimumInterval": "soon", "quietHours": {"sms": {"start": "x", "end": "y"}}}""");

        Assert.Equal(["caps.email.perDay", "caps.fax", "minimumInterval", "quietHours.sms.end", "quietHours.sms.start"], errors.Keys.Order());
        Assert.Equal("a whole number from 1 to 10000", errors["caps.email.perDay"].Single());
        Assert.Equal("not a channel; one of: email, sms, post, phone", errors["caps.fax"].Single());
    }
}
