using Survey.Local;

namespace Survey.Tests.Infrastructure;

/// <summary>A real Azurite on free loopback ports with a fresh data folder, installed with npm if missing.</summary>
public class AzuriteFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "survey-tests-" + Guid.NewGuid().ToString("N"));

    public Azurite Azurite { get; private set; } = null!;

    public string ConnectionString => Azurite.ConnectionString;

    public virtual async Task InitializeAsync()
        => Azurite = await Azurite.StartAsync(Repository.Root, _data, _ => { });

    public virtual async Task DisposeAsync()
    {
        await Azurite.StopAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
