using Microsoft.Extensions.DependencyInjection;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Signals;

/// <summary>An Azurite of their own for the signal tests: signals are computed over every plan in storage, so no other test's plans may be there.</summary>
public sealed class SignalFixture : AzuriteFixture
{
    public ServiceProvider Services { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Services = StorageFixture.Build(ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SignalGroup : ICollectionFixture<SignalFixture>
{
    public const string Name = "signals";
}
