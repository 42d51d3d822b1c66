using System.Net.Http.Headers;
using System.Text;
using Survey.Shared.Forms;
using Survey.Shared.Http;
using Survey.Shared.Reports;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hostile;

/// <summary>One request that breaks the contract, and why.</summary>
internal sealed record HostileRequest(string Name, Func<HttpRequestMessage> Create)
{
    public override string ToString() => Name;
}

/// <summary>
/// Requests that break the contract, generated from small tables: every malformed body to every POST route (with
/// its key), every field of a report with values of the wrong type, oversize bodies (with and without a length),
/// wrong content types, every method a route does not take, routes that do not exist.
/// </summary>
internal static class HostileCorpus
{
    /// <summary>The fields of a valid report, as raw JSON values.</summary>
    private static readonly Dictionary<string, string> ValidFields = new(StringComparer.Ordinal)
    {
        ["reporterRole"] = "\"ibclc\"",
        ["state"] = "\"MA\"",
        ["insurer"] = "\"Hostile Insurer\"",
        ["serviceMonth"] = "\"2025-06\"",
        ["setting"] = "\"home\"",
        ["outcome"] = "\"denied\"",
    };

    /// <summary>The members of a valid report with <paramref name="field"/> set to <paramref name="value"/> (no braces).</summary>
    private static string Members(string? field = null, string? value = null)
        => string.Join(", ", ValidFields.Where(f => f.Key != field).Append(new(field ?? "language", value ?? "\"en\"")).Select(f => $"\"{f.Key}\": {f.Value}"));

    private static readonly string Valid = Members();

    /// <summary>Bodies no route accepts: name and bytes.</summary>
    private static readonly (string Name, byte[] Body)[] MalformedBodies =
    [
        ("truncated object", Utf8("{\"insurer\": \"Aetna\"")),
        ("lone open brace", Utf8("{")),
        ("truncated array", Utf8("[1, 2")),
        ("truncated literal", Utf8("nul")),
        ("truncated string", Utf8("{\"insurer\": \"Aet")),
        ("trailing garbage", Utf8("{} x")),
        ("two documents", Utf8("{}{}")),
        ("single quotes", Utf8("{'insurer': 'Aetna'}")),
        ("unquoted key", Utf8("{insurer: \"Aetna\"}")),
        ("trailing comma", Utf8("{\"insurer\": \"Aetna\",}")),
        ("comment", Utf8("{/* hi */ \"insurer\": \"Aetna\"}")),
        ("a JSON string", Utf8("\"report\"")),
        ("a JSON number", Utf8("42")),
        ("a JSON array", Utf8("[]")),
        ("JSON true", Utf8("true")),
        ("JSON null", Utf8("null")),
        ("array nested 10,000 deep", Utf8(new string('[', 10_000) + new string(']', 10_000))),
        ("object nested 10,000 deep", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))),
        ("1e309", Utf8("{\"outOfPocketUsd\": 1e309, \"planKey\": 1e309, " + Valid + "}")),
        ("NaN", Utf8("{\"outOfPocketUsd\": NaN}")),
        ("Infinity", Utf8("{\"outOfPocketUsd\": Infinity}")),
        ("-Infinity", Utf8("{\"outOfPocketUsd\": -Infinity}")),
        ("raw NUL in a string", Utf8("{\"insurer\": \"A\0B\"}")),
        ("raw control character in a string", Utf8("{\"insurer\": \"A\u0007B\"}")),
        ("raw line feed in a string", Utf8("{\"insurer\": \"A\nB\"}")),
        ("invalid UTF-8 byte", [.. Utf8("{\"insurer\": \""), 0xFF, 0xFE, .. Utf8("\"}")]),
        ("overlong UTF-8", [.. Utf8("{\"insurer\": \""), 0xC0, 0xAF, .. Utf8("\"}")]),
        ("truncated UTF-8 sequence", [.. Utf8("{\"insurer\": \""), 0xE2, 0x82, .. Utf8("\"}")]),
        ("UTF-8 encoded lone surrogate", [.. Utf8("{\"insurer\": \""), 0xED, 0xA0, 0x80, .. Utf8("\"}")]),
        ("UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{}")]),
        ("UTF-16 BE with BOM", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("{}")]),
        ("UTF-32 LE with BOM", [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes("{}")]),
        ("two UTF-8 BOMs", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Utf8("{" + Valid + "}")]),
        ("UTF-8 BOM then nothing", [0xEF, 0xBB, 0xBF]),
        ("unknown field", Utf8("{\"hack\": true, " + Valid + "}")),
        ("duplicate insurer", Utf8("{\"insurer\": \"A\", " + Valid + "}")),
        ("duplicate planKey", Utf8("{\"planKey\": \"bcbs-ma\", \"planKey\": \"bcbs-ma\"}")),
        ("duplicate alias", Utf8("{\"alias\": \"Hostile alias\", \"alias\": \"Hostile alias\"}")),
        ("duplicate source", Utf8("{\"source\": \"bcbs-ma\", \"source\": \"bcbs-ma\"}")),
    ];

    /// <summary>Values of a JSON type the field does not take, per kind of field.</summary>
    private static readonly Dictionary<string, string[]> WrongTypes = new(StringComparer.Ordinal)
    {
        ["text"] = ["42", "true", "{\"a\":1}", "[\"x\"]"],
        ["number"] = ["\"12\"", "true", "[]", "{}"],
        ["boolean"] = ["\"true\"", "1", "[]", "{}"],
        ["array"] = ["\"called-insurer\"", "1", "{}", "[1]"],
    };

    /// <summary>Text that is valid JSON but not valid text for a report (escaped, so it gets past the parser).</summary>
    private static readonly (string Name, string Json)[] BadText =
    [
        ("escaped NUL in insurer", "\"A\\u0000B\""),
        ("escaped bell in insurer", "\"A\\u0007B\""),
        ("escaped lone high surrogate in insurer", "\"A\\ud800B\""),
        ("escaped lone low surrogate in insurer", "\"A\\udc00B\""),
        ("insurer of 100,000 characters", "\"" + new string('A', 60_000) + "\""),
        ("blank insurer", "\"   \""),
    ];

    private static readonly (string Name, string? ContentType)[] WrongContentTypes =
    [
        ("no content type", null),
        ("text/plain", "text/plain"),
        ("application/xml", "application/xml"),
        ("multipart/form-data", "multipart/form-data; boundary=x"),
        ("application/octet-stream", "application/octet-stream"),
        ("charset lie: UTF-16", "application/json; charset=utf-16"),
        ("charset lie: Latin-1", "application/json; charset=iso-8859-1"),
        ("garbage media type", "json"),
    ];

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static IReadOnlyList<HostileRequest> All()
    {
        var requests = new List<HostileRequest>();
        var posts = FunctionRoutes.All.Where(r => r.Methods.Contains("POST")).ToList();
        var report = posts.Single(r => r.Route == "reports");

        foreach (var route in posts)
        {
            foreach (var (name, body) in MalformedBodies)
            {
                requests.Add(new($"{name} to POST {route.Path}", () => Post(route, body, "application/json")));
            }

            foreach (var (name, contentType) in WrongContentTypes)
            {
                requests.Add(new($"{name} to POST {route.Path}", () => Post(route, Utf8("{" + Valid + "}"), contentType)));
            }

            requests.Add(new($"body of 64 KiB + 1 with a length to POST {route.Path}", () => Post(route, Oversize(RequestGuard.MaxBodyBytes + 1), "application/json")));
            requests.Add(new($"body of 1 MiB with a length to POST {route.Path}", () => Post(route, Oversize(1024 * 1024), "application/json")));
            requests.Add(new($"chunked body of 64 KiB + 1 without a length to POST {route.Path}", () => Chunked(route, Oversize(RequestGuard.MaxBodyBytes + 1))));
            requests.Add(new($"chunked body of 1 MiB without a length to POST {route.Path}", () => Chunked(route, Oversize(1024 * 1024))));
        }

        foreach (var field in ReportSchema.FieldNames)
        {
            foreach (var value in WrongTypes[KindOf(field)])
            {
                requests.Add(new($"{field} = {value} in a report", () => Post(report, Utf8("{" + Members(field, value) + "}"), "application/json")));
            }
        }

        foreach (var (name, json) in BadText)
        {
            requests.Add(new($"{name} in a report", () => Post(report, Utf8("{" + Members("insurer", json) + "}"), "application/json")));
        }

        foreach (var pattern in FunctionRoutes.All.GroupBy(r => r.Route, StringComparer.OrdinalIgnoreCase))
        {
            var route = pattern.First();
            foreach (var method in AllMethods.Except(pattern.SelectMany(r => r.Methods)))
            {
                requests.Add(new($"{method} {route.Path}", () =>
                {
                    var request = FunctionRoutes.Request(route, method);
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    return request;
                }));
            }
        }

        // (A NUL in the path, /api/%00, is refused by Kestrel with an empty 400 before any middleware runs. Paths outside
        // the route prefix, such as /, are the Functions host's own: its home page, or an empty 404.)
        foreach (var path in new[] { "/api/nope", "/api/reports/extra", "/api/stats/plans/bcbs-ma/brief/x", "/api/..%2f..%2fetc%2fpasswd" })
        {
            requests.Add(new($"GET {path}", () => new HttpRequestMessage(HttpMethod.Get, path)));
            requests.Add(new($"POST {path}", () => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") }));
        }

        return requests;
    }

    /// <summary>The JSON type of a report field.</summary>
    private static string KindOf(string field) => field switch
    {
        "outOfPocketUsd" => "number",
        "consentToQuote" => "boolean",
        "advocacyActions" => "array",
        _ => "text",
    };

    private static HttpRequestMessage Post(FunctionRoute route, byte[] body, string? contentType)
    {
        var request = FunctionRoutes.Request(route, "POST");
        request.Content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            // Without validation, so a malformed media type goes out as written.
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return request;
    }

    private static HttpRequestMessage Chunked(FunctionRoute route, byte[] body)
    {
        var request = FunctionRoutes.Request(route, "POST");
        request.Content = new StreamContent(new MemoryStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    /// <summary>A well-formed report whose narrative makes it <paramref name="bytes"/> long.</summary>
    private static byte[] Oversize(int bytes)
    {
        var head = "{" + Valid + ", \"narrative\": \"";
        return Utf8(head + new string('x', bytes - head.Length - 2) + "\"}");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
