using Rapport.Core.Consent;

namespace Rapport.Core.Tests.Templates;

public sealed class TemplateJsonTests
{
    [Fact]
    public void A_template_reads_its_channel_locales_and_default_locale()
    {
        var template = Templates.Read(System.Text.Json.Nodes.JsonNode.Parse("""
            {"key": "welcome", "name": "Welcome", "channel": "email", "defaultLocale": "en",
             "locales": {"en": {"subject": "Hi", "html": "<p>Hi</p>"}, "pl-PL": {"subject": "Cześć", "text": "Cześć"}}}
            """)!.AsObject());

        Assert.Equal(Channel.Email, template.Channel);
        Assert.Equal(["en", "pl-PL"], template.Locales.Keys.Order(StringComparer.Ordinal));
        Assert.Null(template.Locales["en"].Text);
        Assert.Null(template.Locales["pl-PL"].Html);
    }

    [Fact]
    public void Liquid_that_does_not_parse_is_named_by_path_line_and_column()
    {
        var errors = Templates.Errors("""
            {"key": "t", "name": "T", "channel": "email", "locales": {"en": {"subject": "Hi", "html": "<p>\n  {{ traits.name </p>"}}}
            """);

        Assert.Equal("Liquid does not parse at line 2, column 17: End of tag '}}' was expected", Assert.Single(errors["locales.en.html"]));
    }

    [Fact]
    public void Wrong_documents_name_each_field()
    {
        var errors = Templates.Errors("""
            {"key": "T!", "name": "", "channel": "post", "extra": 1, "locales": {}}
            """);
        Assert.Equal(["channel", "extra", "key", "locales", "name"], errors.Keys.Order(StringComparer.Ordinal));

        var locales = Templates.Errors("""
            {"key": "t", "name": "T", "channel": "email", "defaultLocale": "de",
             "locales": {"en_GB": {"subject": "x", "html": "x"}, "xx-YY": {"subject": "x", "html": "x"}, "en": {"html": 3, "body": "x"}, "pl": {"subject": "x"}, "fr": {"subject": "x", "text": "x"}}}
            """);
        Assert.Equal(["defaultLocale", "locales.en.body", "locales.en.html", "locales.en.subject", "locales.en_GB", "locales.pl", "locales.xx-YY"],
            locales.Keys.Order(StringComparer.Ordinal));

        var sms = Templates.Errors("""{"key": "t", "name": "T", "channel": "sms", "locales": {"en": {"subject": "x", "text": ""}}}""");
        Assert.Equal(["locales.en.subject", "locales.en.text"], sms.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Several_locales_need_a_default()
    {
        var errors = Templates.Errors("""{"key": "t", "name": "T", "channel": "sms", "locales": {"en": {"text": "x"}, "pl": {"text": "y"}}}""");

        Assert.Equal(["defaultLocale"], errors.Keys);
    }
}
