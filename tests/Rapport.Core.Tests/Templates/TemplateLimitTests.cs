using Rapport.Core.Templates;

namespace Rapport.Core.Tests.Templates;

public sealed class TemplateLimitTests
{
    [Fact]
    public async Task A_loop_past_the_step_limit_is_stopped_naming_its_part_line_and_column()
    {
        var template = Templates.Email("<p>Hello</p>\n  {% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}");

        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => Templates.RenderAsync(template, Templates.Person(),
            RenderLimits.Default with { MaxOutputChars = 0 }));

        Assert.Equal("locales.en.html", error.Path);
        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("steps", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_past_the_size_limit_is_stopped()
    {
        var template = Templates.Email("{% for i in (1..5000) %}0123456789{% endfor %}");

        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => Templates.RenderAsync(template, Templates.Person(),
            RenderLimits.Default with { MaxOutputChars = 10_000 }));

        Assert.Contains("output size", error.Reason, StringComparison.Ordinal);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    [Fact]
    public async Task A_render_past_its_deadline_is_stopped()
    {
        using var deadline = new CancellationTokenSource();
        await deadline.CancelAsync();

        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => Templates.RenderAsync(
            Templates.Email("{% for i in (1..10) %}{{ i }}{% endfor %}"), Templates.Person(), ct: deadline.Token));

        Assert.Contains("deadline", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_that_throws_names_the_statement_it_is_in()
    {
        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => Templates.RenderAsync(
            Templates.Email("Hi", subject: "Total: {{ 10 | divided_by: 0 }}"), Templates.Person()));

        Assert.Equal("locales.en.subject", error.Path);
        Assert.Equal((1, 8), (error.Line, error.Column));
    }

    [Fact]
    public async Task Include_and_render_have_nothing_to_read()
    {
        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => Templates.RenderAsync(
            Templates.Email("Hi\n{% include 'footer' %}"), Templates.Person()));

        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Contains("cannot include", error.Reason, StringComparison.Ordinal);
    }
}
