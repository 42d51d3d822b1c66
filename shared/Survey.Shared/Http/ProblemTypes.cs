namespace Survey.Shared.Http;

/// <summary>The <c>type</c> of a problem document (RFC 9457): the RFC 9110 section of its status.</summary>
public static class ProblemTypes
{
    public static string For(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        410 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.11",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        >= 400 and < 500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
    };
}
