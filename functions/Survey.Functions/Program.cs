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

using var host = builder.Build();

// Bad configuration: one line per setting that says what to set, on standard error (the host logs it), and exit code 1.
if (!StartupSettings.Check(host.Services, Console.Error))
{
    return 1;
}

host.Run();
return 0;
