using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Survey.Shared.Http;
using Survey.Shared.Reports;

namespace Survey.Shared.Forms;

/// <summary>
/// What every HTTP request passes before its function runs, in both hosts (the worker's middleware and the local
/// runner): the per-client rate limit on anonymous routes (429 with <c>Retry-After</c>) and the body size limit on
/// every route (413). A form post is answered with the form again, every value kept, like the 503 answer; so the
/// guard sits with the form.
/// </summary>
public sealed partial class RequestGuard(ClientRateLimiter limiter, ILogger<RequestGuard> logger)
{
    /// <summary>The largest request body an anonymous route accepts (the size of the largest report).</summary>
    public const int MaxBodyBytes = ReportIntake.MaxBodyBytes;

    /// <summary>
    /// The largest request body a committee (keyed) route accepts: a recipient list may be megabytes. The function
    /// applies its own, smaller limit (e.g. <c>Survey:Campaigns:MaxCsvBytes</c>); this bound holds whatever it says.
    /// </summary>
    public const int MaxCommitteeBodyBytes = 16 * 1024 * 1024;

    /// <summary>The body limit of a route: small for anonymous routes, larger for keyed ones.</summary>
    public static int BodyLimit(bool anonymous) => anonymous ? MaxBodyBytes : MaxCommitteeBodyBytes;

    /// <summary>True when the request may go on to its function; otherwise its answer has been written.</summary>
    public async Task<bool> AdmitAsync(HttpContext context, bool anonymous)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (anonymous && limiter.TryAcquire(context) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            LogRateLimited(logger, context.Request.Method, seconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            if (ReportIntake.IsForm(context.Request.ContentType))
            {
                var body = await BufferAsync(context.Request, MaxBodyBytes);
                var values = body is null ? FormValues.Empty : ReadForm(body);
                await WriteFormAsync(context, StatusCodes.Status429TooManyRequests, values, FormNotice.TooMany);
            }
            else
            {
                await ProblemResponses.WriteAsync(context.Response, StatusCodes.Status429TooManyRequests, "Too many requests from this client.",
                    $"Nothing was saved. Try again after {seconds} seconds (Retry-After).");
            }

            return false;
        }

        var limit = BodyLimit(anonymous);
        if (!await WithinBodyLimitAsync(context.Request, limit))
        {
            LogTooLarge(logger, context.Request.Method, context.Request.ContentLength);
            if (ReportIntake.IsForm(context.Request.ContentType))
            {
                await WriteFormAsync(context, StatusCodes.Status413PayloadTooLarge, FormValues.Empty, FormNotice.TooLarge);
            }
            else
            {
                await ProblemResponses.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, "The body is too large.",
                    $"A request body may be at most {limit / 1024} KiB.");
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// False when the body is over the limit. A body without a length (chunked) is read into memory up to the
    /// limit and put back, with its length, so the function reads it as usual.
    /// </summary>
    private static async Task<bool> WithinBodyLimitAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength is { } length)
        {
            return length <= limit;
        }

        if (!request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return true;
        }

        var body = await BufferAsync(request, limit);
        if (body is null)
        {
            return false;
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        return true;
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (read no further than one chunk past it).</summary>
    private static async Task<byte[]?> BufferAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static FormValues ReadForm(byte[] body)
    {
        try
        {
            return FormValues.Parse(System.Text.Encoding.UTF8.GetString(body));
        }
        catch (InvalidDataException)
        {
            return FormValues.Empty;
        }
    }

    private static Task WriteFormAsync(HttpContext context, int status, FormValues values, FormNotice notice)
    {
        var language = FormLanguages.Choose(values.Get("language"), context.Request.Headers.AcceptLanguage.ToString());
        foreach (var (name, value) in FormPage.SecurityHeaders)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = Html.HtmlPage.ContentType;
        return context.Response.WriteAsync(FormPage.Render(language, values, notice: notice), context.RequestAborted);
    }

    // Neither the client's address nor the path (which may carry a token) is logged.
    [LoggerMessage(Level = LogLevel.Information, Message = "A client went over its rate limit ({Method}); answered 429, retry after {RetryAfterSeconds} s")]
    private static partial void LogRateLimited(ILogger logger, string method, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Method} body was over the limit (Content-Length {ContentLength}); answered 413")]
    private static partial void LogTooLarge(ILogger logger, string method, long? contentLength);
}
