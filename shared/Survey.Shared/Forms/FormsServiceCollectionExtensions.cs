using Microsoft.Extensions.DependencyInjection;

namespace Survey.Shared.Forms;

/// <summary>Composes what answers the web form's requests.</summary>
public static class FormsServiceCollectionExtensions
{
    /// <summary>Adds the request guard (rate and body limits, answering a form post with the form).</summary>
    public static IServiceCollection AddForms(this IServiceCollection services)
    {
        services.AddSingleton<RequestGuard>();
        return services;
    }
}
