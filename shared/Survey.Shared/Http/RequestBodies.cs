namespace Survey.Shared.Http;

/// <summary>Reads request bodies with a size limit, whatever <c>Content-Length</c> claimed (or did not).</summary>
public static class RequestBodies
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (read no further than one chunk past it).</summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
