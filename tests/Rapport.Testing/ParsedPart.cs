namespace Rapport.Testing;

/// <summary>A leaf MIME part as Python decoded it: <paramref name="Content"/> is <c>part.get_content()</c>.</summary>
public sealed record ParsedPart(string ContentType, string? Charset, string Content);
