namespace Rapport.Core.Consent;

/// <summary>
/// An embeddable signup form (POST /f/{Id}): which topics it offers and which consent text it shows.
/// Its id is public and random, so forms cannot be enumerated.
/// </summary>
public sealed record SignupForm(string Id, int WorkspaceId, string Name, IReadOnlyList<string> Topics, string? ConsentTextKey);
