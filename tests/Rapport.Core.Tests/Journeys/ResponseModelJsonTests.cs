using System.Text.Json;
using Rapport.Core.Journeys;
using Rapport.Core.Journeys.Simulation;
using Rapport.Core.Validation;
using static Rapport.Core.Tests.Journeys.Journeys;

namespace Rapport.Core.Tests.Journeys;

/// <summary>How simulated people answer, read from JSON: a script, chances, and errors by path.</summary>
public sealed class ResponseModelJsonTests
{
    private static (ResponseModel? Model, IDictionary<string, string[]> Errors) Read(string json, string path = "")
    {
        var errors = new FieldErrors();
        using var document = JsonDocument.Parse(json);
        return (ResponseModelJson.Read(document.RootElement, path, ServiceReminder(), errors), errors.ToDictionary());
    }

    [Fact]
    public void A_script_and_rates_are_read()
    {
        var (model, errors) = Read("""
            {"responses": [{"after": "PT2H", "event": "Email Clicked", "properties": {"url": "https://x.example"}},
                           {"node": "sms", "response": "replied", "after": "PT1H"}],
             "rates": {"opened": 0.4, "clicked": 0.1, "events": {"Order Completed": 0.05}}}
            """);

        Assert.Empty(errors);
        Assert.Equal(2, model!.Script.Count);
        var scripted = Assert.IsType<ScriptedEvent>(model.Script[0]);
        Assert.Equal(("Email Clicked", "PT2H", "https://x.example"), (scripted.EventName, scripted.After.Text, scripted.Properties["url"]!.GetValue<string>()));
        Assert.Equal(new ScriptedReply("sms", Response.Replied, Period("PT1H")), model.Script[1]);
        Assert.Equal(0.4, model.Rates!.Responses[Response.Opened]);
        Assert.Equal(0.05, model.Rates.Events["Order Completed"]);
    }

    [Theory]
    [InlineData("""{"responses": [{"node": "wait-booking", "response": "clicked", "after": "PT1H"}]}""", "responses.responses[0].node")]
    [InlineData("""{"responses": [{"node": "remind", "response": "liked", "after": "PT1H"}]}""", "responses.responses[0].response")]
    [InlineData("""{"responses": [{"event": "Service Booked"}]}""", "responses.responses[0].after")]
    [InlineData("""{"responses": [{"event": "Service Booked", "after": "soon"}]}""", "responses.responses[0].after")]
    [InlineData("""{"responses": [{"event": " Padded", "after": "P1D"}]}""", "responses.responses[0].event")]
    [InlineData("""{"rates": {"clicked": 1.5}}""", "responses.rates.clicked")]
    [InlineData("""{"rates": {"events": {"Order Completed": -0.1}}}""", "responses.rates.events.Order Completed")]
    [InlineData("""{"rates": {"shared": 0.1}}""", "responses.rates.shared")]
    [InlineData("""{"script": []}""", "responses.script")]
    [InlineData("""[]""", "responses")]
    public void A_wrong_model_names_the_path(string json, string path)
    {
        var (model, errors) = Read(json, "responses");

        Assert.Null(model);
        Assert.Contains(path, errors.Keys);
    }
}
