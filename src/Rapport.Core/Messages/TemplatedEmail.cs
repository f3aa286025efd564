using System.Text.Json.Nodes;

namespace Rapport.Core.Messages;

/// <summary>
/// The content of an e-mail queued by name of a template: the dispatcher renders the template's newest version for the
/// person when the message goes, with <paramref name="Journey"/> as the template's <c>journey</c> data.
/// </summary>
public sealed record TemplatedEmail(string Template, string From, string? FromName, JsonObject Journey);
