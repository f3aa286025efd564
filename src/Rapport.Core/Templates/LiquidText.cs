using Fluid.Parser;

namespace Rapport.Core.Templates;

/// <summary>One part of a template (a subject, an HTML or a text body) as written, and as parsed once.</summary>
/// <param name="Path">Where it was given in the document ("locales.en.html"): errors in rendering it name it.</param>
public sealed record LiquidText(string Source, string Path, FluidTemplate Parsed);
