namespace Rapport.Core.Consent;

/// <summary>How often the person wants to hear about a topic: every message, or a digest.</summary>
public enum Frequency
{
    AsSent,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
}
