using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Survey.Shared;

/// <summary>
/// Bad configuration, said the way an operator needs it: the sentences that name what to set, first and once.
/// The options validated at start are checked before the host starts, because a host that fails to start logs
/// the failure with its stack trace, and then the process dies with a second one.
/// </summary>
public static partial class StartupSettings
{
    /// <summary>Checks every option validated at start; throws <see cref="OptionsValidationException"/> (or several in an <see cref="AggregateException"/>).</summary>
    public static void Validate(IServiceProvider services)
        => services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>
    /// Checks every option validated at start; when one is bad, writes each sentence as one line to
    /// <paramref name="error"/> (standard error: the runner's console; in Azure, the Functions host logs what its
    /// worker writes there, while the worker's own loggers are not connected yet). True when the app may start.
    /// </summary>
    public static bool Check(IServiceProvider services, TextWriter error)
    {
        try
        {
            Validate(services);
            return true;
        }
        catch (Exception exception) when (Sentences(exception).Count > 0)
        {
            Write(exception, error);
            return false;
        }
    }

    /// <summary>Writes the sentences of a failed options validation to <paramref name="error"/>, one a line.</summary>
    public static void Write(Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var sentence in Sentences(exception))
        {
            error.WriteLine(sentence);
        }
    }

    /// <summary>
    /// The sentences of a failed options validation (one per bad setting, without the DataAnnotations wrapping);
    /// empty for any other exception.
    /// </summary>
    public static IReadOnlyList<string> Sentences(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        IEnumerable<Exception> failures = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        return failures.All(f => f is OptionsValidationException)
            ? failures.Cast<OptionsValidationException>().SelectMany(f => f.Failures).Select(Sentence).Distinct(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>"DataAnnotation validation failed for 'X' members: 'Y' with the error: '{sentence}'." gives the sentence.</summary>
    private static string Sentence(string failure)
        => DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["sentence"].Value : failure;

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<sentence>.*)'\.$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DataAnnotationFailure();
}
