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

    /// <summary>An action node of a journey granted or withdrew it (the evidence names the journey and node).</summary>
    Journey,
}
