using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Survey.Shared.Mail;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Mail;

public sealed class SmtpOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
        => StorageFixture.Build("UseDevelopmentStorage=true", settings);

    [Fact]
    public async Task Without_a_Host_the_app_starts_and_sending_says_which_setting_to_set()
    {
        using var services = Services([]);
        services.GetRequiredService<IStartupValidator>().Validate();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<IMailSender>()
            .SendAsync(new MailMessage("a@example.org", null, "s", "t", "<p>h</p>", new Dictionary<string, string>()), CancellationToken.None));

        Assert.Contains("Survey:Smtp:Host", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-an-address")]
    [InlineData("Survey <survey@example.org>")]
    public void A_Host_without_a_valid_FromAddress_fails_at_start_with_a_sentence_that_says_what_to_set(string? fromAddress)
    {
        using var services = Services(new() { ["Survey:Smtp:Host"] = "smtp.example.org", ["Survey:Smtp:FromAddress"] = fromAddress });

        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("Survey:Smtp:FromAddress must be set to the sender's e-mail address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_without_a_user_name_fails_at_start()
    {
        using var services = Services(new()
        {
            ["Survey:Smtp:Host"] = "smtp.example.org",
            ["Survey:Smtp:FromAddress"] = "survey@example.org",
            ["Survey:Smtp:Password"] = "secret",
        });

        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("Survey:Smtp:UserName and Survey:Smtp:Password go together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_for_the_password_fails_at_start()
    {
        using var services = Services(new()
        {
            ["Survey:Smtp:Host"] = "smtp.azurecomm.net",
            ["Survey:Smtp:FromAddress"] = "DoNotReply@example.org",
            ["Survey:Smtp:UserName"] = "resource|app|tenant",
            ["Survey:Smtp:Password"] = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/smtp-password)",
        });

        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("Key Vault", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_out_of_range_fails_at_start()
    {
        using var services = Services(new() { ["Survey:Smtp:Host"] = "smtp.example.org", ["Survey:Smtp:FromAddress"] = "survey@example.org", ["Survey:Smtp:Port"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("Survey:Smtp:Port must be between 1 and 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_smtp_pipeline_retries_a_bounded_number_of_times_with_jittered_backoff_and_bounds_each_attempt()
    {
        using var services = Services(new() { ["Survey:Smtp:MaxRetries"] = "5", ["Survey:Smtp:AttemptTimeout"] = "00:00:20" });
        var descriptor = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(SurveyPipelines.Smtp).GetPipelineDescriptor();

        Assert.Equal(2, descriptor.Strategies.Count);
        var retry = Assert.IsType<RetryStrategyOptions>(descriptor.Strategies[0].Options);
        Assert.Equal(5, retry.MaxRetryAttempts);
        Assert.True(retry.UseJitter);
        Assert.Equal(DelayBackoffType.Exponential, retry.BackoffType);
        var timeout = Assert.IsType<TimeoutStrategyOptions>(descriptor.Strategies[1].Options);
        Assert.Equal(TimeSpan.FromSeconds(20), timeout.Timeout);
    }
}
