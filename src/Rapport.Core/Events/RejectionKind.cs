namespace Rapport.Core.Events;

/// <summary>Why a tracked message was refused, in a few kinds (its reason says exactly what was wrong).</summary>
public enum RejectionKind
{
    /// <summary>The message is not a JSON object.</summary>
    NotAnObject,

    /// <summary>The message is larger than 32 KB.</summary>
    TooLarge,

    /// <summary>Its text breaks the rules every route holds: UTF-8, surrogates, NUL, duplicate fields, numbers.</summary>
    Text,

    /// <summary>A field is missing or wrong: the type, an id, a name, a timestamp, traits or properties.</summary>
    Fields,

    /// <summary>A consent event names a topic, channel or choice that does not exist.</summary>
    Consent,
}
