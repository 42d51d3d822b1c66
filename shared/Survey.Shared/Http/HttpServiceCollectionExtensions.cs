using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Storage;

namespace Survey.Shared.Http;

/// <summary>Composes what every HTTP request passes: rate limits and CORS.</summary>
public static class HttpServiceCollectionExtensions
{
    /// <summary>Adds the rate limiter and the CORS policy, with <c>Survey:RateLimits</c> and <c>Survey:Cors</c> validated at start.</summary>
    public static IServiceCollection AddHttp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RateLimitOptions>(configuration, RateLimitOptions.SectionName);
        services.AddValidatedOptions<CorsOptions>(configuration, CorsOptions.SectionName);
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<CorsPolicy>();
        return services;
    }
}
