namespace Rapport.Engine.Import;

/// <summary>The file cannot be imported (no header, no key column): the message says why.</summary>
public sealed class ImportException(string message) : Exception(message);
