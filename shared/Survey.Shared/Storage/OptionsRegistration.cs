using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Survey.Shared.Storage;

/// <summary>How every feature registers its options section.</summary>
internal static class OptionsRegistration
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and checks its DataAnnotations when the host starts.</summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
