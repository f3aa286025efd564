namespace Rapport.Testing;

/// <summary>A message as Python's email package (policy.default) read it: decoded headers, leaf parts, and every defect it noted.</summary>
/// <param name="Headers">The headers the test asked for, unfolded and decoded (null when absent).</param>
/// <param name="Defects">Parser defects of the message, its parts and their headers; empty for a well-formed message.</param>
public sealed record ParsedMail(
    string Subject,
    string FromName,
    string FromAddress,
    string To,
    string MessageId,
    string ContentType,
    IReadOnlyList<ParsedPart> Parts,
    IReadOnlyDictionary<string, string?> Headers,
    IReadOnlyList<string> Defects)
{
    /// <summary>A part's text with line ends as "\n".</summary>
    public string Text(int part) => Parts[part].Content.Replace("\r\n", "\n", StringComparison.Ordinal);
}
