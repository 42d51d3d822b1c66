using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Survey.Functions.Http;
using Survey.Shared;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrorMiddleware>();
builder.UseMiddleware<RequestGuardMiddleware>();
builder.UseMiddleware<CommitteeGateMiddleware>();
builder.Services.AddSurvey(builder.Configuration);

builder.Build().Run();
