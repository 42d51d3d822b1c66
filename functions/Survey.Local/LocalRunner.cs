using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Survey.Functions.Http;
using Survey.Functions.Reports;
using Survey.Shared;
using Survey.Shared.Http;
using Survey.Shared.Campaigns;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Local;

/// <summary>
/// Hosts the function classes of Survey.Functions without the Functions host: HTTP triggers as
/// ASP.NET Core endpoints, queue triggers as pollers, both configured from the functions' own
/// attributes and host.json.
/// </summary>
public static class LocalRunner
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// Runs the runner until Ctrl+C: 0. Bad configuration prints each sentence that says what to set, once, to
    /// standard error, before anything else (and before Azurite starts): 1. Disposing the app stops the Azurite it
    /// started, also when the start fails (a port in use, say).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = await BuildAsync(args);

            // Checked here, not by the host's start, which would log the failure with its stack trace first.
            StartupSettings.Validate(app.Services);
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupSettings.Sentences(exception).Count > 0)
        {
            StartupSettings.Write(exception, Console.Error);
            return 1;
        }
    }

    /// <summary>Builds the runner. Starts Azurite first when <c>AzureWebJobsStorage</c> is not set.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var hostJson = HostJson.Load(Path.Combine(AppContext.BaseDirectory, "host.json"), builder.Configuration);
        DefaultPublicBaseUrl(builder, hostJson);
        DefaultCampaignSchedules(builder);
        var catalog = FunctionCatalog.Load(typeof(SubmitReport).Assembly);

        var azurite = await StartAzuriteIfNeededAsync(builder, cancellationToken);
        try
        {
            return Build(builder, hostJson, catalog, azurite);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.StopAsync();
            }

            throw;
        }
    }

    private static WebApplication Build(WebApplicationBuilder builder, HostJson hostJson, FunctionCatalog catalog, Azurite? azurite)
    {
        if (azurite is not null)
        {
            // Owned by the container: disposing the app (after a normal stop or a failed start) stops Azurite.
            builder.Services.AddSingleton(_ => azurite);
        }

        AddSettings(builder.Services, builder.Configuration);
        builder.Services.AddHostedService<CommitteeKeySeeder>();
        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = UnexpectedLikeTheWorker);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(hostJson);
        builder.Services.AddSingleton<IHttpContextFactory, KeyHidingHttpContextFactory>();

        // The runner reads queues by host.json's encoding rule, independently of how the app writes them.
        // Like the Functions host, AzureWebJobs.<function>.Disabled (AzureWebJobs__<function>__Disabled) stops a trigger.
        bool Enabled(FunctionDescriptor function) => !builder.Configuration.GetValue<bool>($"AzureWebJobs:{function.Name}:Disabled");
        foreach (var function in catalog.Functions.Where(f => f.Queue is not null && Enabled(f)))
        {
            var section = builder.Configuration.GetSection(function.Queue!.Connection ?? StorageOptions.ConnectionName);
            var storage = new StorageOptions();
            StorageOptions.Bind(storage, section);
            var options = new QueueClientOptions { MessageEncoding = hostJson.Queues.ClientEncoding };
            var queues = string.IsNullOrWhiteSpace(storage.ConnectionString)
                ? new QueueServiceClient(storage.QueueServiceUri ?? throw new InvalidOperationException($"Function {function.Name} needs {section.Path} (a connection string, or __queueServiceUri)."), StorageOptions.Credential(section), options)
                : new QueueServiceClient(storage.ConnectionString, options);
            builder.Services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<QueueTriggerListener>(
                provider, function, queues, hostJson.Queues with { MessageLease = provider.GetRequiredService<IOptions<LocalOptions>>().Value.QueueMessageLease }));
        }

        foreach (var function in catalog.Functions.Where(f => f.Timer is not null && Enabled(f)))
        {
            builder.Services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<TimerTriggerListener>(provider, function));
        }

        var app = builder.Build();
        _ = app.Services.GetService<Azurite>();

        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context.Response);
            return next(context);
        });
        app.Use(HttpFunctionEndpoints.ForwardClientAddressAsync);
        app.Use(KeyInQuery.RestoreInsidePipelineAsync);
        app.UseExceptionHandler();

        // Unknown routes and methods under the route prefix are the app's NoSuchRoute function (a problem document);
        // anything else gets what the Functions host answers: an empty 404.
        app.MapHttpFunctions(catalog, hostJson);
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, catalog, azurite));
        return app;
    }

    /// <summary>
    /// A problem the framework writes (an exception no function caught) reads like the worker's: the type links the
    /// RFC Editor's page of its status (ASP.NET Core's default is the obsolete tools.ietf.org), and a 500 says no more
    /// than <see cref="Problems.Unexpected"/>.
    /// </summary>
    private static void UnexpectedLikeTheWorker(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        context.ProblemDetails.Type = ProblemTypes.For(status);
        if (status == StatusCodes.Status500InternalServerError)
        {
            var unexpected = Problems.Unexpected();
            context.ProblemDetails.Title = unexpected.Title;
            context.ProblemDetails.Detail = unexpected.Detail;
        }
    }

    /// <summary>
    /// Campaign links point at the runner itself unless <c>Survey:Campaigns:PublicBaseUrl</c> is set: its first URL
    /// and route prefix. A port of 0 is only known once listening, after options are validated, so the runner
    /// then picks a free loopback port itself.
    /// </summary>
    private static void DefaultPublicBaseUrl(WebApplicationBuilder builder, HostJson hostJson)
    {
        var key = CampaignOptions.SectionName + ":" + nameof(CampaignOptions.PublicBaseUrl);
        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!string.IsNullOrEmpty(builder.Configuration[key]) || urls.Length == 0 || !Uri.TryCreate(urls[0], UriKind.Absolute, out var uri))
        {
            return;
        }

        if (uri.Port == 0)
        {
            uri = new UriBuilder(uri) { Port = Azurite.FreeLoopbackPorts(1)[0] }.Uri;
            urls[0] = uri.GetLeftPart(UriPartial.Authority);
            builder.WebHost.UseUrls(urls);
        }

        builder.Configuration[key] = uri.GetLeftPart(UriPartial.Authority) + "/" + hostJson.RoutePrefix.Trim('/');
    }

    /// <summary>The campaign timers' and the public snapshot's schedules are <c>%setting%</c>s; unset, they take the options' defaults (in Azure, Bicep sets them).</summary>
    private static void DefaultCampaignSchedules(WebApplicationBuilder builder)
    {
        var defaults = new CampaignOptions();
        builder.Configuration[CampaignOptions.ReminderScheduleKey] ??= defaults.ReminderSchedule;
        builder.Configuration[CampaignOptions.DeleteAddressesScheduleKey] ??= defaults.DeleteAddressesSchedule;
        builder.Configuration[PublicStatsOptions.SnapshotScheduleKey] ??= new PublicStatsOptions().SnapshotSchedule;
        var signals = new Shared.Signals.SignalOptions();
        builder.Configuration[Shared.Signals.SignalOptions.RecomputeScheduleKey] ??= signals.RecomputeSchedule;
        builder.Configuration[Shared.Signals.SignalOptions.DigestScheduleKey] ??= signals.DigestSchedule;
    }

    /// <summary>The app's services and the runner's options, every option validated at start.</summary>
    private static void AddSettings(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSurvey(configuration);
        services.AddOptions<LocalOptions>().BindConfiguration(LocalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>
    /// Checks every setting before Azurite starts, so bad configuration neither starts it for nothing nor comes
    /// after its lines; storage is the Azurite about to start.
    /// </summary>
    private static void ValidateBeforeAzurite(IConfiguration configuration)
    {
        var withStorage = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection([new(StorageOptions.ConnectionName, "UseDevelopmentStorage=true")])
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(withStorage);
        AddSettings(services, withStorage);
        using var provider = services.BuildServiceProvider();
        StartupSettings.Validate(provider);
    }

    private static async Task<Azurite?> StartAzuriteIfNeededAsync(WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var storage = new StorageOptions();
        StorageOptions.Bind(storage, builder.Configuration);
        if (storage.IsConfigured)
        {
            return null;
        }

        ValidateBeforeAzurite(builder.Configuration);

        var root = RepositoryRoot();
        var options = builder.Configuration.GetSection(LocalOptions.SectionName).Get<LocalOptions>() ?? new LocalOptions();
        var data = Path.GetFullPath(Path.Combine(root, options.DataDirectory));
        Console.WriteLine($"AzureWebJobsStorage is not set: starting Azurite with its data in {data}");
        var azurite = await Azurite.StartAsync(root, data, Console.WriteLine, cancellationToken);
        builder.Configuration[StorageOptions.ConnectionName] = azurite.ConnectionString;
        Console.WriteLine($"Azurite is listening on 127.0.0.1 (blob {azurite.BlobPort}, queue {azurite.QueuePort}, table {azurite.TablePort}).");
        return azurite;
    }

    /// <summary>The folder with Survey.sln, from the working directory or the runner's own location.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Survey.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static void PrintBanner(WebApplication app, FunctionCatalog catalog, Azurite? azurite)
    {
        var hostJson = app.Services.GetRequiredService<HostJson>();
        var urls = string.Join(", ", app.Urls);
        Console.WriteLine($"Survey local runner listening on {urls}");
        foreach (var function in catalog.Functions)
        {
            Console.WriteLine(function switch
            {
                { Http: { } http } => $"  {function.Name,-20} {string.Join(',', http.Methods),-6} /{hostJson.RoutePrefix}/{http.Route} ({Access(function, http)})",
                { Queue: { } queue } => $"  {function.Name,-20} queue  {queue.QueueName}",
                { Timer.Schedule: ['%', .. var setting, '%'] } => $"  {function.Name,-20} timer  {TimerTriggerListener.Resolve(function.Timer.Schedule, app.Configuration)} (UTC; {setting})",
                _ => $"  {function.Name,-20} timer  {function.Timer!.Schedule} (UTC)",
            });
        }

        _ = app.Services.GetRequiredService<IOptions<LocalOptions>>().Value;
        Console.WriteLine($"Committee credentials: {DescribeKeySource(app.Configuration)}.");
        if (azurite is not null)
        {
            Console.WriteLine("Azurite stops when the runner stops (Ctrl+C).");
        }
    }

    /// <summary>Who may call a route: anyone, the committee (checked by the app), or the master key (checked by the host).</summary>
    private static string Access(FunctionDescriptor function, HttpTriggerInfo http)
        => function.Committee
            ? "committee"
            : http.AuthLevel == Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous ? "anyone" : "master key";

    /// <summary>Says which keys there are and where they come from, never the keys themselves.</summary>
    private static string DescribeKeySource(IConfiguration configuration)
    {
        var names = configuration.GetSection($"{LocalOptions.SectionName}:{nameof(LocalOptions.CommitteeKeys)}").GetChildren()
            .Where(k => !string.IsNullOrEmpty(k.Value))
            .Select(k => $"'{k.Key}' ({Source(configuration, k.Path)})");
        return string.Join(", ", names) + "; make, rotate and revoke more with the master key at /api/committee/credentials (docs/deploy.md)";
    }

    private static string Source(IConfiguration configuration, string key)
        => ((IConfigurationRoot)configuration).Providers.LastOrDefault(p => p.TryGet(key, out _)) switch
        {
            Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider json => json.Source.Path ?? "a JSON file",
            Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "environment",
            Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => "command line",
            var other => other?.ToString() ?? "not set",
        };
}
