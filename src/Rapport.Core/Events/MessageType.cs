namespace Rapport.Core.Events;

/// <summary>The Segment Spec's message types.</summary>
public enum MessageType
{
    Identify,
    Track,
    Page,
    Screen,
    Group,
    Alias,
}
