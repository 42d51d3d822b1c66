using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Survey.Functions.Http;

/// <summary>
/// Brotli or gzip for the report form and its two files, when the client accepts it (a phone on a slow
/// network pays for every kilobyte). Only responses that carry no secret are compressed: the form as GET
/// serves it (the same bytes for everyone in a language) and its stylesheet and script. The thank-you page
/// (it shows the withdrawal code next to what the reporter typed), committee pages and API answers are not:
/// a secret compressed together with input an attacker can choose leaks through the size (BREACH). The form
/// reflects nothing a third party chooses (only <c>lang</c>, from a fixed list); its one per-response value is
/// a fresh submission id, an idempotency key and no credential. The files are compressed once per process
/// (smallest size) and kept; the form, new each time, is compressed per response at the optimal level.
/// </summary>
internal static class CompressedResponses
{
    private static readonly ConcurrentDictionary<(string Key, string Encoding), byte[]> Kept = new();

    /// <summary>
    /// The bytes as <paramref name="contentType"/>, compressed when the client accepts br or gzip, and then kept
    /// under <paramref name="keep"/> when given (content that never changes in a process); <c>Vary: Accept-Encoding</c> either way.
    /// </summary>
    public static FileContentResult Bytes(HttpRequest request, byte[] content, string contentType, string? keep = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(content);
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = HeaderNames.AcceptEncoding;
        if (Choose(request.Headers.AcceptEncoding) is not { } encoding)
        {
            return new FileContentResult(content, contentType);
        }

        headers.ContentEncoding = encoding;
        var compressed = keep is null
            ? Compress(content, encoding, CompressionLevel.Optimal)
            : Kept.GetOrAdd((keep, encoding), _ => Compress(content, encoding, CompressionLevel.SmallestSize));
        return new FileContentResult(compressed, contentType);
    }

    /// <summary>UTF-8 HTML, compressed per response like <see cref="Bytes"/>.</summary>
    public static FileContentResult Html(HttpRequest request, string html, string contentType)
        => Bytes(request, Encoding.UTF8.GetBytes(html), contentType);

    /// <summary>br when accepted, else gzip when accepted (a zero q-value refuses), else none.</summary>
    internal static string? Choose(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding) || !StringWithQualityHeaderValue.TryParseList(acceptEncoding.Split(','), out var offered))
        {
            return null;
        }

        bool Accepts(string name) => offered.Any(o => string.Equals(o.Value.Value, name, StringComparison.OrdinalIgnoreCase) && o.Quality is not 0);
        return Accepts("br") ? "br" : Accepts("gzip") ? "gzip" : null;
    }

    private static byte[] Compress(byte[] content, string encoding, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "br"
                   ? new BrotliStream(output, level, leaveOpen: true)
                   : new GZipStream(output, level, leaveOpen: true))
        {
            compressor.Write(content);
        }

        return output.ToArray();
    }
}
