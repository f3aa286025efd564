namespace Rapport.Core.Tests.Templates;

public sealed class TemplateRenderingTests
{
    [Fact]
    public async Task Html_parts_escape_what_they_print_and_subject_and_text_print_it_as_is()
    {
        var template = Templates.Email("<p>Hi {{ traits.firstName }}</p>{{ traits.firstName | raw }}", subject: "For {{ traits.firstName }}", text: "Hi {{ traits.firstName }}");
        var rendered = await Templates.RenderAsync(template, Templates.Person(traits: """{"firstName": "Zoë <script>&"}"""));

        Assert.Equal("<p>Hi Zoë &lt;script&gt;&amp;</p>Zoë <script>&", rendered.Html);
        Assert.Equal("For Zoë <script>&", rendered.Subject);
        Assert.Equal("Hi Zoë <script>&", rendered.Text);
    }

    [Fact]
    public async Task A_subject_is_one_line()
    {
        var rendered = await Templates.RenderAsync(Templates.Email("x", subject: "Hello\r\n{{ traits.name }}\n"), Templates.Person(traits: """{"name": "Ada"}"""));

        Assert.Equal("Hello Ada", rendered.Subject);
    }

    [Fact]
    public async Task A_missing_variable_prints_its_default_or_nothing()
    {
        var html = await Templates.HtmlAsync("[{{ traits.firstName | default: 'there' }}][{{ traits.nothing.deeper }}][{{ journey.cart.total }}][{{ contact.email }}]");

        Assert.Equal("[there][][][ada@example.com]", html);
    }

    [Fact]
    public async Task The_model_holds_the_contact_traits_journey_and_the_links_and_nothing_of_NET()
    {
        var html = await Templates.HtmlAsync(
            "{{ contact.id }}|{{ traits.plan }}|{{ journey.cartId }}|{{ unsubscribe_url }}|{{ preferences_url }}|{{ locale }}|{{ contact.GetType }}|{{ traits.Count }}",
            Templates.Person(traits: """{"plan": "gold"}""", journey: """{"cartId": "c-1"}"""));

        Assert.Equal("7|gold|c-1|https://r.example/u/tok|https://r.example/p/tok|en||", html);
    }

    [Fact]
    public async Task Dates_are_shown_in_the_persons_zone_and_locale()
    {
        var template = Templates.Email("-", subject:
            "{{ journey.at | date: '%-d %B %Y %H:%M' }}|{{ journey.at | date }}|{{ traits.birthday | date: '%Y-%m-%d %H:%M' }}|{{ 'now' | date: '%H:%M %z' }}|{{ 1800000000 | date: '%H:%M' }}",
            locale: "pl");
        async Task<string> ForAsync(string zone) => (await Templates.RenderAsync(template, Templates.Person(
            locale: "pl-PL", zone: zone, traits: """{"birthday": "1990-05-17"}""", journey: """{"at": "2027-07-01T20:30:00Z"}"""))).Subject!;

        Assert.Equal("1 lipiec 2027 22:30|czwartek, 1 lipca 2027|1990-05-17 00:00|13:00 +0100|09:00", await ForAsync("Europe/Warsaw"));
        Assert.Equal("2 lipiec 2027 05:30|piątek, 2 lipca 2027|1990-05-17 00:00|21:00 +0900|17:00", await ForAsync("Asia/Tokyo"));
    }

    [Fact]
    public async Task Money_is_written_as_the_persons_locale_writes_it_in_the_currency_given()
    {
        const string html = "{{ journey.total | money: 'EUR' }}|{{ journey.total | money: 'JPY' }}|{{ journey.total | money }}|{{ journey.missing | money: 'EUR' | default: '-' }}";
        async Task<string> InAsync(string locale, string language) =>
            (await Templates.RenderAsync(Templates.Email("-", subject: html, locale: language), Templates.Person(locale: locale, journey: """{"total": 1234.5}""")))
            .Subject!.Replace('\u00a0', ' ').Replace('\u202f', ' ');

        Assert.Equal("1 234,50 €|1 235 ￥|1 234,50 zł|-", await InAsync("pl-PL", "pl"));
        Assert.Equal("€1,234.50|￥1,235|$1,234.50|-", await InAsync("en-US", "en"));
    }

    [Fact]
    public async Task The_variant_is_the_persons_locale_then_its_language_then_the_default()
    {
        var template = Templates.Read(System.Text.Json.Nodes.JsonNode.Parse("""
            {"key": "t", "name": "T", "channel": "sms", "defaultLocale": "en",
             "locales": {"en": {"text": "Hello"}, "pl": {"text": "Cześć"}, "pt-BR": {"text": "Olá"}}}
            """)!.AsObject());

        Assert.Equal("Cześć", (await Templates.RenderAsync(template, Templates.Person(locale: "pl-PL"))).Text);
        Assert.Equal("Olá", (await Templates.RenderAsync(template, Templates.Person(locale: "pt-PT"))).Text);
        Assert.Equal("Hello", (await Templates.RenderAsync(template, Templates.Person(locale: "de-DE"))).Text);
        Assert.Equal("Hello", (await Templates.RenderAsync(template, Templates.Person())).Text);
        Assert.Equal("pl", (await Templates.RenderAsync(template, Templates.Person(locale: "de-DE"), locale: "pl")).Locale);
    }
}
