namespace Rapport.Core.Consent;

/// <summary>Where a consent change came from.</summary>
public enum ConsentSource
{
    Api,
    Import,
    Form,
    PreferenceCenter,
    OneClickUnsubscribe,
    SmsKeyword,
    Agent,
    Tracking,
}
