using System.Text.Json.Nodes;

namespace Rapport.Server.Api;

/// <summary>The body of a saved definition (a segment, a template): a JSON object, given the key from the route.</summary>
public static class DefinitionBody
{
    /// <param name="shape">What the object must be, said when it is not one ("a segment is a JSON object with name and condition").</param>
    public static async Task<(JsonObject? Document, IResult? Problem)> ReadAsync(HttpContext http, string key, int limit, string shape)
    {
        var (document, problem) = await JsonBody.ReadAsync(http.Request, limit, http.RequestAborted);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (document)
        {
            if (JsonNode.Parse(document!.RootElement.GetRawText()) is not JsonObject body)
            {
                return (null, Problems.Invalid("body", shape));
            }

            body["key"] = key;
            return (body, null);
        }
    }
}
