using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Storage;

namespace Survey.Shared.Mail;

/// <summary>Composes e-mail sending.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IMailSender"/> (SMTP through MailKit) with its options from <c>Survey:Smtp</c>,
    /// validated at start, and the <see cref="SurveyPipelines.Smtp"/> pipeline. With no Host the app
    /// still starts and <see cref="IMailSender.SendAsync"/> throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public static IServiceCollection AddSurveyMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSmtpPipeline();
        services.AddSingleton<IMailSender, MailKitSender>();
        return services;
    }
}
