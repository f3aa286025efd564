namespace Rapport.Core.Consent;

public enum SubscriptionStatus
{
    None,
    Pending,
    Subscribed,
    Unsubscribed,
}
