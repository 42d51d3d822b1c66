using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ColdStartBaseline;

/// <summary>The one function: 200 to a GET, 202 to a POST, like the form and the intake answer.</summary>
public sealed class Hello
{
    [Function(nameof(Hello))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "hello")] HttpRequest request)
        => HttpMethods.IsPost(request.Method) ? new AcceptedResult() : new OkObjectResult("hello");
}
