namespace Rapport.Core.Links;

/// <summary>What a signed link lets its holder do; a token for one purpose is refused for another.</summary>
public enum LinkPurpose
{
    Preferences,
    Unsubscribe,
    Confirm,
}
