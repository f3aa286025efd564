namespace Rapport.Core.Consent;

/// <summary>One version of the wording people are shown when they opt in. Versions are never changed.</summary>
public sealed record ConsentText(string Key, int Version, string Locale, string Text, DateTimeOffset CreatedAt);
