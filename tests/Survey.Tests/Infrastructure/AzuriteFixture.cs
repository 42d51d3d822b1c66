using Survey.Local;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// A real Azurite on free loopback ports, installed with npm if missing. Its data is in memory (no saving to disk
/// every 5 s, which costs CPU in proportion to what it holds), unless a test that restarts it asks for a data folder.
/// </summary>
public class AzuriteFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "survey-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Keep the data in a folder, so that it survives <see cref="Azurite.RestartAsync"/>.</summary>
    public bool OnDisk { get; init; }

    public Azurite Azurite { get; private set; } = null!;

    public string ConnectionString => Azurite.ConnectionString;

    public virtual async Task InitializeAsync()
        => Azurite = OnDisk
            ? await Azurite.StartAsync(Repository.Root, _data, _ => { })
            : await Azurite.StartInMemoryAsync(Repository.Root, _data, _ => { });

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
