namespace Rapport.Storage;

/// <summary>A setting that cannot work (unknown provider, missing connection string): the message says which and why.</summary>
public sealed class ConfigurationError(string message) : Exception(message);
