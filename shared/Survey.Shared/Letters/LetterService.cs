using Survey.Shared.Http;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Shared.Letters;

/// <summary>A page of letters to answer with.</summary>
public sealed record LettersAnswer(int Status, string Html);

/// <summary>
/// Letters from the report a reporter just sent, recomputed from the post each time: nothing is stored, and
/// nothing here logs. The report is read by the one validator, without the contact e-mail address.
/// </summary>
public sealed class LetterService(ReportValidator validator, TimeProvider time)
{
    /// <summary>The report in a form post, as the validator reads it; null when it is not a valid report.</summary>
    public Report? Read(FormValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var report = new FormValues(values.Names.Where(n => n != "contactEmail").SelectMany(n => values.GetAll(n).Select(v => KeyValuePair.Create(n, v))));
        using var document = JsonDocument.Parse(FormSubmission.ToJson(report));
        return validator.Validate(document.RootElement).Submission?.Report;
    }

    /// <summary>The letters section of a thank-you page for the form post <paramref name="values"/>; empty when no letter fits.</summary>
    public string ThanksSection(FormValues values, string language)
        => Read(values) is { } report ? LettersPage.Section(report, LetterWriter.For(report, language), Language(report, language)) : string.Empty;

    /// <summary>Reads a post of the letters form (at most <see cref="ReportIntake.MaxBodyBytes"/>) and answers it; see <see cref="Answer"/>.</summary>
    public async Task<LettersAnswer> AnswerAsync(Stream body, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var bytes = await RequestBodies.ReadAtMostAsync(body, ReportIntake.MaxBodyBytes, cancellationToken);
        FormValues values;
        try
        {
            values = bytes is null ? FormValues.Empty : FormValues.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (InvalidDataException)
        {
            values = FormValues.Empty;
        }

        return Answer(values, FormLanguages.Choose(values.Get("language"), acceptLanguage));
    }

    /// <summary>
    /// The answer to a post of the letters form: the printable page of the letter named by <c>letter</c>, with the
    /// subject and text as edited; without <c>letter</c>, the letters section on a page of its own.
    /// </summary>
    public LettersAnswer Answer(FormValues values, string language)
    {
        ArgumentNullException.ThrowIfNull(values);
        var report = Read(values);
        if (report is null)
        {
            return new(400, LettersPage.Render(null, [], language));
        }

        language = Language(report, language);
        var letters = LetterWriter.For(report, language);
        if (values.Get("letter") is not { } kind)
        {
            return new(200, LettersPage.Render(report, letters, language));
        }

        if (letters.FirstOrDefault(l => l.Kind == kind) is not { } letter)
        {
            return new(404, LettersPage.Render(report, letters, language));
        }

        letter = letter with
        {
            Subject = Edited(values.Get("subject-" + kind), LettersPage.MaxSubject) ?? letter.Subject,
            Body = Edited(values.Get("body-" + kind), LettersPage.MaxBody) ?? letter.Body,
        };
        return new(200, LettersPage.RenderPrintable(letter, language, time.GetLocalNow()));
    }

    private static string Language(Report report, string language) => report.Language ?? language;

    private static string? Edited(string? text, int max)
        => string.IsNullOrWhiteSpace(text) ? null : LetterWriter.Inert(text.Length > max ? text[..max] : text);
}

/// <summary>Registers the letters feature.</summary>
public static class LettersServiceCollectionExtensions
{
    /// <summary>Adds <see cref="LetterService"/>.</summary>
    public static IServiceCollection AddLetters(this IServiceCollection services)
    {
        services.AddSingleton<LetterService>();
        return services;
    }
}
