using Rapport.Core.Consent;

namespace Rapport.Core.Tests.Consent;

public sealed class ConsentLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static ConsentRecord Record(ConsentAction action, string? topic = "news", Channel? channel = Channel.Email, bool awaits = false,
        Frequency? frequency = null) =>
        new(1, topic, channel, action, LegalBasis.Consent, ConsentSource.Api, Evidence.None, null, awaits, frequency, null, At);

    private static Subscription State(SubscriptionStatus status) =>
        Subscription.Empty(1, "news", Channel.Email) with { Status = status };

    [Theory]
    [InlineData(SubscriptionStatus.None, ConsentAction.Grant, false, SubscriptionStatus.Subscribed)]
    [InlineData(SubscriptionStatus.None, ConsentAction.Grant, true, SubscriptionStatus.Pending)]
    [InlineData(SubscriptionStatus.Subscribed, ConsentAction.Grant, true, SubscriptionStatus.Subscribed)]
    [InlineData(SubscriptionStatus.Unsubscribed, ConsentAction.Grant, true, SubscriptionStatus.Pending)]
    [InlineData(SubscriptionStatus.Pending, ConsentAction.Confirm, false, SubscriptionStatus.Subscribed)]
    [InlineData(SubscriptionStatus.Unsubscribed, ConsentAction.Confirm, false, SubscriptionStatus.Unsubscribed)]
    [InlineData(SubscriptionStatus.None, ConsentAction.Confirm, false, SubscriptionStatus.None)]
    [InlineData(SubscriptionStatus.None, ConsentAction.Withdraw, false, SubscriptionStatus.Unsubscribed)]
    [InlineData(SubscriptionStatus.Pending, ConsentAction.Withdraw, false, SubscriptionStatus.Unsubscribed)]
    public void Each_action_moves_the_status_as_permission_marketing_expects(
        SubscriptionStatus before, ConsentAction action, bool awaits, SubscriptionStatus after) =>
        Assert.Equal(after, ConsentLedger.Apply(State(before), Record(action, awaits: awaits)).Status);

    [Fact]
    public void A_record_that_changes_nothing_is_not_a_change()
    {
        var subscribed = State(SubscriptionStatus.Subscribed);
        Assert.Same(subscribed, ConsentLedger.Apply(subscribed, Record(ConsentAction.Grant)));
        Assert.Empty(ConsentLedger.Changes([subscribed], Record(ConsentAction.Confirm)));
        Assert.Single(ConsentLedger.Changes([subscribed], Record(ConsentAction.Prefer, frequency: Frequency.Monthly)));
    }

    [Fact]
    public void A_record_for_all_topics_and_channels_covers_each_of_them()
    {
        var covered = ConsentLedger.Covered(Record(ConsentAction.Withdraw, topic: null, channel: null), ["news", "offers"]).ToList();
        Assert.Equal(8, covered.Count);
        Assert.Equal(2, ConsentLedger.Covered(Record(ConsentAction.Withdraw, topic: null, channel: Channel.Sms), ["news", "offers"]).Count());
    }

    [Fact]
    public void Preferences_survive_a_withdrawal_and_a_new_grant()
    {
        var history = new[]
        {
            Record(ConsentAction.Grant, frequency: Frequency.Weekly),
            Record(ConsentAction.Withdraw, topic: null, channel: null),
            Record(ConsentAction.Grant),
        };
        var news = ConsentLedger.Fold(1, history, ["news", "offers"]).Single(s => s.Topic == "news" && s.Channel == Channel.Email);
        Assert.Equal((SubscriptionStatus.Subscribed, Frequency.Weekly), (news.Status, news.Frequency));
    }
}
