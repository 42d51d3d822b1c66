using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Health;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Health;

[Collection(StorageGroup.Name)]
public sealed class StorageHealthTests(StorageFixture fixture)
{
    [Fact]
    public async Task Storage_that_answers_is_healthy()
    {
        var report = await fixture.Services.GetRequiredService<StorageHealth>().CheckAsync(default);
        Assert.True(report.Healthy);
    }

    [Fact]
    public async Task Fresh_storage_with_nothing_created_yet_is_healthy_and_logs_no_warning()
    {
        var fresh = new AzuriteFixture();
        await fresh.InitializeAsync();
        try
        {
            LogCapture capture = null!;
            await using var services = StorageFixture.Build(fresh.ConnectionString, logging: logging => capture = LogCapture.AddTo(logging));

            var report = await services.GetRequiredService<StorageHealth>().CheckAsync(default);

            Assert.True(report.Healthy);
            Assert.DoesNotContain(capture.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task Storage_that_does_not_answer_is_unhealthy()
    {
        await using var services = StorageFixture.Build(Unreachable.ConnectionString);

        var report = await services.GetRequiredService<StorageHealth>().CheckAsync(default);

        Assert.False(report.QueueReachable);
        Assert.False(report.TableReachable);
        Assert.False(report.Healthy);
    }
}
