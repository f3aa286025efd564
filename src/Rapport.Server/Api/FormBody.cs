namespace Rapport.Server.Api;

/// <summary>
/// Reads a form posted to a public page or a signup form. A form that cannot be read is refused with the
/// reason, before anything is stored: not a form type; a field name or value that is not accepted text
/// (<see cref="DecodedText"/>: %00, bytes that are not UTF-8); more or longer fields than forms allow; a
/// broken multipart body; a body that is not what its Content-Encoding says.
/// </summary>
public static class FormBody
{
    public static async Task<(IFormCollection? Form, string? Problem)> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return (null, "post the form as application/x-www-form-urlencoded or multipart/form-data");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (ContentEncoding.Failed(e, request))
        {
            return (null, ContentEncoding.Problem(request));
        }
        catch (InvalidDataException e) // the form reader's own refusals: limits, NUL in a urlencoded value, broken multipart
        {
            return (null, "the form cannot be read: " + e.Message);
        }
        catch (IOException) // the body ended before the form did
        {
            return (null, "the form cannot be read: it ended before it was complete");
        }

        foreach (var (name, values) in form)
        {
            if (DecodedText.Problem(name, values) is { } problem)
            {
                return (null, $"the field '{name}' {problem}");
            }
        }

        return (form, null);
    }
}
