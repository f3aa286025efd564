namespace Rapport.Core.Consent;

public enum MessageFormat
{
    Html,
    Text,
}
