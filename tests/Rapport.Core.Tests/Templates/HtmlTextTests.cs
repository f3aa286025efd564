using Rapport.Core.Templates;

namespace Rapport.Core.Tests.Templates;

public sealed class HtmlTextTests
{
    [Fact]
    public void Text_keeps_what_a_reader_sees_with_links_and_paragraphs()
    {
        const string html = """
            <html><head><title>Offer</title><style>p { color: red }</style></head>
            <body><h1>Hello  Ada</h1><p>Your   <b>order</b> &amp; more:<br>line two</p>
            <script>alert(1)</script><!-- hidden -->
            <ul><li>one</li><li>two</li></ul>
            <p><a href="https://shop.example/o/1">See your order</a> or <a href="https://shop.example">https://shop.example</a> <a href="#top">top</a></p>
            <table><tr><td>Total</td><td>€10</td></tr></table></body></html>
            """;

        Assert.Equal(
            "Hello Ada\n\nYour order & more:\nline two\n\none\ntwo\n\nSee your order (https://shop.example/o/1) or https://shop.example top\n\nTotal €10",
            HtmlText.From(html));
    }

    [Fact]
    public async Task A_missing_text_part_is_made_from_the_rendered_HTML()
    {
        var rendered = await Templates.RenderAsync(
            Templates.Email("<p>Hi {{ traits.name }}</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>"), Templates.Person(traits: """{"name": "Ada"}"""));

        Assert.Equal("Hi Ada\n\nUnsubscribe (https://r.example/u/tok)", rendered.Text);
    }
}
