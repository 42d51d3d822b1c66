using System.Text;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

/// <summary>
/// The withdrawal key: created once per storage account, shared by every instance, read once per process; with it a
/// report is accepted with one storage write, its message.
/// </summary>
public sealed class WithdrawalKeyTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Accepting_a_report_writes_nothing_to_table_storage_once_the_process_has_read_the_key()
    {
        var tableCalls = new List<string>();
        var counter = new TableFaults(request =>
        {
            lock (tableCalls)
            {
                tableCalls.Add($"{request.Method} {request.Uri.Path}");
            }

            return false;
        }) { Failing = true };
        await using var services = TableFaults.Services(_azurite.ConnectionString, counter);
        var intake = services.GetRequiredService<ReportIntake>();

        Assert.IsType<IntakeResult.Accepted>(await SubmitAsync(intake));
        Assert.Contains(tableCalls, call => call.StartsWith("GET", StringComparison.Ordinal) && call.Contains(StorageNames.ReportIndexTable, StringComparison.Ordinal));
        lock (tableCalls)
        {
            tableCalls.Clear();
        }

        for (var i = 0; i < 5; i++)
        {
            var accepted = Assert.IsType<IntakeResult.Accepted>(await SubmitAsync(intake));
            Assert.True(WithdrawalCode.TryRead(accepted.WithdrawalCode, await services.GetRequiredService<WithdrawalKey>().GetAsync(default))!.Value.Issued);
        }

        Assert.Empty(tableCalls);
    }

    [Fact]
    public async Task Two_instances_that_create_the_key_at_once_both_use_the_one_that_was_stored()
    {
        await using var first = StorageFixture.Build(_azurite.ConnectionString);

        // The second instance finds no key; the first creates its own right then; the second's insert then meets it.
        var racing = new TableHook(TableHook.On("GET", StorageNames.ReportIndexTable, "key|withdrawal"))
        {
            After = async () => await first.GetRequiredService<WithdrawalKey>().GetAsync(default),
        };
        await using var second = TableFaults.Services(_azurite.ConnectionString, racing);
        var secondKey = await second.GetRequiredService<WithdrawalKey>().GetAsync(default);

        Assert.True(racing.Fired);
        Assert.Equal(await first.GetRequiredService<WithdrawalKey>().GetAsync(default), secondKey);
        await using var third = StorageFixture.Build(_azurite.ConnectionString);
        Assert.Equal(secondKey, await third.GetRequiredService<WithdrawalKey>().GetAsync(default));

        // A code one instance issued is one the others recognise as issued.
        var code = WithdrawalCode.Create(secondKey);
        Assert.True(WithdrawalCode.TryRead(code.Code, await third.GetRequiredService<WithdrawalKey>().GetAsync(default))!.Value.Issued);
    }

    private static Task<IntakeResult> SubmitAsync(ReportIntake intake)
    {
        var json = SampleReports.Valid(SampleReports.UniqueInsurer("Key")).ToJsonString();
        return intake.SubmitJsonAsync("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json)), default);
    }
}
