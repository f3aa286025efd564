namespace Rapport.Core.Templates;

/// <summary>A template that could not be rendered: the part (its path, "locales.en.html"), the line and column of the statement at fault, and why.</summary>
public sealed class TemplateRenderException(string path, int line, int column, string reason, Exception? inner = null)
    : Exception($"{path}: line {line}, column {column}: {reason}", inner)
{
    public string Path { get; } = path;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Reason { get; } = reason;
}
