using Rapport.Core.Ports;
using Rapport.Core.Templates;

namespace Rapport.Engine.Templates;

/// <summary>A stored version of a template with its definition, parsed.</summary>
public sealed record CurrentTemplate(StoredTemplate Stored, TemplateDefinition Definition);
