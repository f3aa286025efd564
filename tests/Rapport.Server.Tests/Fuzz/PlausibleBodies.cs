using System.Text.Json.Nodes;

namespace Rapport.Server.Tests.Fuzz;

/// <summary>
/// A good-looking body for each kind of route, so that the bad variants made from it get past the first checks and
/// into the handlers' own reading of fields, definitions and tracking messages.
/// </summary>
public static class PlausibleBodies
{
    private static readonly (string Path, string Json)[] ByPath =
    [
        ("/api/v1/contacts/{id}/consent", """{"action":"grant","topic":"news","channel":"email","source":"fuzz","ip":"127.0.0.1","note":"n"}"""),
        ("/api/v1/contacts", """{"externalId":"f-1","email":"f@example.com","phone":"+48600100200","locale":"pl-PL","timeZone":"Europe/Warsaw","address":{"city":"Kraków","postcode":"30-001","country":"PL"},"traits":{"plan":"gold","n":3,"tags":["a"]}}"""),
        ("/api/v1/topics", """{"name":"Fuzz topic"}"""),
        ("/api/v1/consent-texts", """{"key":"fuzz","locale":"en","text":"I agree to be written to."}"""),
        ("/api/v1/suppressions", """{"email":"s@example.com","reason":"asked"}"""),
        ("/api/v1/signups", """{"email":"signup@example.com","topics":["news"],"locale":"en","ip":"127.0.0.1"}"""),
        ("/api/v1/forms", """{"name":"Newsletter","topics":["news"]}"""),
        ("/api/v1/preference-center", """{"editableFields":["city","postcode","firstName"]}"""),
        ("/api/v1/segments", """{"name":"Fuzz","condition":{"all":[{"trait":"traits.plan","op":"eq","value":"gold"},{"event":"Order Completed","where":[{"property":"total","op":"gte","value":10}],"count":{"atLeast":1},"withinDays":30},{"not":{"consent":{"topic":"news","channel":"email"}}}]}}"""),
        ("/api/v1/journeys/{key}/simulate", """{"sample":3,"days":10,"seed":1,"responses":{"responses":[{"after":"PT2H","event":"Email Clicked"}],"rates":{"opened":0.4,"events":{"Order Completed":0.1}}}}"""),
        ("/api/v1/journeys/simulate", """{"journey":{"name":"F","triggers":[{"event":"Signed Up"}],"nodes":[{"id":"hello","type":"send","channel":"email","transactional":true,"content":{"subject":"Hi","text":"Hi"},"next":"wait"},{"id":"wait","type":"waitFor","answers":[{"response":"clicked","to":"hello","next":"done"}],"timeout":"P3D","onTimeout":"done"},{"id":"done","type":"exit"}]},"contactIds":[1],"days":5,"responses":{"rates":{"clicked":0.5}}}"""),
        ("/api/v1/templates/{key}/preview", """{"sample":{"contact":{"email":"s@example.com","locale":"pl-PL","timeZone":"Europe/Warsaw"},"traits":{"firstName":"Ada"}},"journey":{"total":12.5},"locale":"en","version":1}"""),
        ("/api/v1/templates", """{"name":"Fuzz","channel":"email","defaultLocale":"en","locales":{"en":{"subject":"Hi {{ traits.firstName | default: 'you' }}","html":"<p>{{ journey.total | money: 'EUR' }}</p>"},"pl":{"subject":"Cześć","text":"{{ 'now' | date }}"}}}"""),
        ("/api/v1/policy", """{"caps":{"email":{"perDay":2,"perWeek":7,"perMonth":20},"sms":{"perWeek":1}},"minimumInterval":"PT4H","quietHours":{"sms":{"start":"21:00","end":"08:00"}},"transactionalCounts":false}"""),
        ("/api/v1/value", """{"marginRate":0.3,"mostValuablePercent":20,"growableScore":4}"""),
        ("/api/v1/loyalty", """{"prospect":{"consent":{"topic":"news","channel":"email"}},"customer":{"measure":"orders","op":"gte","value":1}}"""),
        ("/api/v1/keys", """{"name":"fuzz","role":"ingest"}"""),
        ("/api/v1/messages", """{"contactId":1,"template":"fuzz","topic":"news","data":{"total":12.5,"items":["a"]}}"""),
        ("/v1/batch", """{"batch":[{"type":"identify","userId":"fz","traits":{"email":"fz@example.com","name":"F"}},{"type":"track","userId":"fz","event":"Order Completed","messageId":"fz-1","properties":{"revenue":5,"note":"n"}}]}"""),
        ("/v1/", """{"userId":"fz","anonymousId":"a-1","event":"Product Viewed","name":"Home","previousId":"a-0","groupId":"g","messageId":"fz-2","traits":{"plan":"gold"},"properties":{"sku":"s"},"context":{"ip":"127.0.0.1","locale":"en-US"},"timestamp":"2026-01-01T00:00:00Z"}"""),
    ];

    private static readonly string[] FormFields = ["email", "topics", "locale", "website", "reason", "city", "postcode", "firstName", "List-Unsubscribe", "topic:news:email", "frequency:news", "format:news"];

    /// <summary>The body for a route (longest matching prefix), or a small object of commonly used names.</summary>
    public static JsonNode For(string path)
    {
        var match = ByPath.Where(p => path.StartsWith(p.Path, StringComparison.Ordinal)).OrderByDescending(p => p.Path.Length).FirstOrDefault();
        return JsonNode.Parse(match.Json ?? """{"name":"x","email":"x@example.com","condition":{"trait":"city","op":"eq","value":"a"},"traits":{"a":"b"}}""")!;
    }

    /// <summary>An application/x-www-form-urlencoded body with one bad value (or a bad shape) of the given kind.</summary>
    public static string Form(BadKind kind, Random random)
    {
        var fields = FormFields.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).Select(f => (Name: f, Value: "a%40b.c")).ToList();
        var bad = kind switch
        {
            BadKind.BrokenUtf8 => "%FF%FE",
            BadKind.LoneSurrogate => "%ED%A0%80",
            BadKind.Nul => "a%00b",
            BadKind.ExtremeNumber => new string('9', 5000),
            BadKind.DuplicateKey => fields[0].Value,
            _ => "%C0%AF%",
        };
        var at = random.Next(fields.Count);
        fields[at] = (random.Next(4) == 0 ? bad : fields[at].Name, bad);
        if (kind == BadKind.DuplicateKey)
        {
            fields.Add(fields[0]);
        }

        return string.Join('&', fields.Select(f => $"{f.Name}={f.Value}"));
    }
}
