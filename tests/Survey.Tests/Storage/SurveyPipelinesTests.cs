using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Storage;

public sealed class SurveyPipelinesTests
{
    private static ServiceProvider Services(Dictionary<string, string?>? settings = null)
        => StorageFixture.Build("UseDevelopmentStorage=true", settings);

    [Fact]
    public void Enqueue_is_bounded_by_the_configured_budget_and_does_not_retry_on_top_of_Azure_Core()
    {
        using var services = Services(new() { ["Survey:Intake:EnqueueBudget"] = "00:00:03" });
        var descriptor = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(SurveyPipelines.Enqueue).GetPipelineDescriptor();

        var strategy = Assert.Single(descriptor.Strategies);
        var timeout = Assert.IsType<TimeoutStrategyOptions>(strategy.Options);
        Assert.Equal(TimeSpan.FromSeconds(3), timeout.Timeout);
    }

    [Fact]
    public void Aggregation_retries_concurrency_conflicts_with_jittered_backoff()
    {
        using var services = Services();
        var descriptor = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(SurveyPipelines.Aggregate).GetPipelineDescriptor();

        var retry = Assert.IsType<RetryStrategyOptions>(Assert.Single(descriptor.Strategies).Options);
        Assert.True(retry.UseJitter);
        Assert.Equal(Polly.DelayBackoffType.Exponential, retry.BackoffType);
        Assert.True(retry.MaxRetryAttempts >= 10);
    }

    [Fact]
    public void Missing_storage_configuration_fails_at_start_with_a_sentence_that_says_what_to_set()
    {
        using var services = StorageFixture.Build(connectionString: "");
        var validator = services.GetRequiredService<IStartupValidator>();

        var error = Assert.Throws<OptionsValidationException>(validator.Validate);
        Assert.Contains("Set AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enqueue_budget_out_of_range_fails_at_start()
    {
        using var services = Services(new() { ["Survey:Intake:EnqueueBudget"] = "00:10:00" });
        var validator = services.GetRequiredService<IStartupValidator>();

        var error = Assert.Throws<OptionsValidationException>(validator.Validate);
        Assert.Contains("Survey:Intake:EnqueueBudget", error.Message, StringComparison.Ordinal);
    }
}
