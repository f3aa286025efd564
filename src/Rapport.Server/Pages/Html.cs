using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Rapport.Server.Pages;

/// <summary>
/// The frame of every public page: language and direction from the texts, readable without
/// JavaScript, high-contrast colours, visible focus for keyboard users. Every value is HTML-encoded.
/// </summary>
public static class Html
{
    private const string Style = """
        body{font:1.05rem/1.5 system-ui,"Noto Sans","Noto Sans Arabic",sans-serif;color:#111;background:#fff;max-width:42rem;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.6rem}fieldset{border:1px solid #555;border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem}legend{font-weight:700}
        label{display:inline-block;margin:.25rem .75rem .25rem 0}select,input[type=text],textarea{font:inherit;padding:.3rem;border:1px solid #333;border-radius:.25rem}
        button{font:inherit;padding:.5rem 1.2rem;border:0;border-radius:.3rem;background:#0b3d91;color:#fff;cursor:pointer}
        button.leave{background:#8b0000}:focus-visible{outline:3px solid #f5a623;outline-offset:2px}.note{background:#e8f5e9;padding:.5rem 1rem;border-radius:.3rem}
        """;

    /// <summary>The style sheet's hash, the one style the pages' Content-Security-Policy allows (<see cref="PageHeaders"/>).</summary>
    public static readonly string StyleHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)));

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static IResult Page(PageTexts t, string title, string body, int status = StatusCodes.Status200OK)
    {
        var page = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(t.Language).Append("\" dir=\"").Append(t.RightToLeft ? "rtl" : "ltr").Append("\">")
            .Append("<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\"><title>").Append(Encode(title)).Append("</title><style>").Append(Style)
            .Append("</style></head><body><main><h1>").Append(Encode(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult BadLink(PageTexts t) => Page(t, t.BadLink, "", StatusCodes.Status400BadRequest);

    /// <summary>A form that could not be read (see Rapport.Server.Api.FormBody): nothing was changed.</summary>
    public static IResult BadForm(PageTexts t) => Page(t, t.Of("bad_form"), "", StatusCodes.Status400BadRequest);

    /// <summary>A select whose options are wire names shown in the page's language.</summary>
    public static string Select(PageTexts t, string name, string id, string label, IEnumerable<string> options, string selected) =>
        $"<label for=\"{Encode(id)}\">{Encode(label)}</label> <select id=\"{Encode(id)}\" name=\"{Encode(name)}\">" +
        string.Concat(options.Select(o => $"<option value=\"{Encode(o)}\"{(o == selected ? " selected" : "")}>{Encode(t.Of(o))}</option>")) +
        "</select> ";

    public static string Checkbox(string name, string id, string label, bool isChecked) =>
        $"<label><input type=\"checkbox\" id=\"{Encode(id)}\" name=\"{Encode(name)}\" value=\"on\"{(isChecked ? " checked" : "")}> {Encode(label)}</label>";
}
