using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Rapport.Core.Templates;

/// <summary>
/// The text part of an e-mail made from its HTML: what a reader sees, without tags, scripts, styles or comments; a
/// link as "text (url)" (just the URL when that is its text); paragraphs, headings, list items and table rows on lines
/// of their own, a blank line between blocks, &lt;br&gt; a line break; runs of spaces as one.
/// </summary>
public static class HtmlText
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "section", "article", "header", "footer",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase) { "li", "tr", "dt", "dd" };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title", "template", "noscript" };

    public static string From(string html)
    {
        using var document = Parser.ParseDocument(html);
        var text = new StringBuilder();
        Walk(document.Body ?? (INode)document, text);
        return Tidy(text.ToString());
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement e when Hidden.Contains(e.LocalName):
                    break;
                case IElement e when e.LocalName == "br":
                    text.Append('\n');
                    break;
                case IElement e when e.LocalName == "a" && e.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#'):
                    var inner = new StringBuilder();
                    Walk(e, inner);
                    var label = Collapse(inner.ToString()).Trim();
                    text.Append(label.Length == 0 || label == href ? href : $"{label} ({href})");
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.LocalName);
                    text.Append(block ? "\n\n" : Lines.Contains(e.LocalName) ? "\n" : "");
                    Walk(e, text);
                    text.Append(block ? "\n\n" : "");
                    if (e.LocalName is "td" or "th")
                    {
                        text.Append(' ');
                    }

                    break;
            }
        }
    }

    /// <summary>Spaces collapsed within lines, lines trimmed, at most one blank line in a row, none at either end.</summary>
    private static string Tidy(string raw)
    {
        var lines = raw.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => Collapse(l).Trim()).ToList();
        var result = new StringBuilder();
        var blank = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = result.Length > 0;
                continue;
            }

            result.Append(blank ? "\n\n" : result.Length > 0 ? "\n" : "").Append(line);
            blank = false;
        }

        return result.ToString();
    }

    private static string Collapse(string s)
    {
        var result = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var space = char.IsWhiteSpace(c) && c != '\n';
            if (!space || (result.Length > 0 && result[^1] != ' '))
            {
                result.Append(space ? ' ' : c);
            }
        }

        return result.ToString();
    }
}
