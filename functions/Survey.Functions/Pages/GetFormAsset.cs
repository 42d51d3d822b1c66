using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Forms;

namespace Survey.Functions.Pages;

/// <summary>The report form's stylesheet and script (<c>form.css</c>, <c>form.js</c>), anonymous, cacheable and compressed when the client accepts it; any other name is a 404 problem.</summary>
public sealed class GetFormAsset
{
    [Function(nameof(GetFormAsset))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "form/assets/{name}")] HttpRequest request,
        string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!FormAssets.TryGet(name, out var asset))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "No such file.", "The form's files are form.css and form.js.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = FormAssets.CacheControl;
        headers.XContentTypeOptions = "nosniff";
        return CompressedResponses.Bytes(request, asset.Content, asset.ContentType, keep: asset.Name);
    }
}
