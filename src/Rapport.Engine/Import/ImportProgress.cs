namespace Rapport.Engine.Import;

/// <summary>How far an import is: rows handled and bytes read.</summary>
public sealed record ImportProgress(long Rows, long BytesRead);
