using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Survey.Functions.Http;

/// <summary>Binds a small JSON request body of the committee API, answering problems for anything else.</summary>
internal static class JsonBody
{
    private const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,

        // A member given twice is ambiguous (which one wins differs between parsers): refuse it.
        AllowDuplicateProperties = false,
    };

    /// <summary>The body as <typeparamref name="T"/>; an empty body gives <paramref name="empty"/> when that is allowed.</summary>
    public static async Task<(T? Value, IActionResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, T? empty = null, int maxBytes = MaxBytes)
        where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return empty is not null
                ? (empty, null)
                : (null, Problems.Create(StatusCodes.Status400BadRequest, "A JSON body is required."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"At most {maxBytes / 1024} KiB."));
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", "Send application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null
                ? (null, Problems.Create(StatusCodes.Status400BadRequest, "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "The body is not valid for this request.", $"{exception.Message}"));
        }
    }
}
