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
    public async Task Storage_that_does_not_answer_is_unhealthy()
    {
        const string Unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        await using var services = StorageFixture.Build(Unreachable);

        var report = await services.GetRequiredService<StorageHealth>().CheckAsync(default);

        Assert.False(report.QueueReachable);
        Assert.False(report.TableReachable);
        Assert.False(report.Healthy);
    }
}
