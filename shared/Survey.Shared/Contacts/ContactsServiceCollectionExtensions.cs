using Microsoft.Extensions.DependencyInjection;

namespace Survey.Shared.Contacts;

/// <summary>Composes the contacts a report gives.</summary>
public static class ContactsServiceCollectionExtensions
{
    /// <summary>Adds the contact store.</summary>
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddSingleton<ContactStore>();
        return services;
    }
}
