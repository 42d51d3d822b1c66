using System.Text;
using Survey.Shared.Http;
using Survey.Shared.Reports;

namespace Survey.Shared.Forms;

/// <summary>The answer to a form post, with everything that was typed (to show the form again).</summary>
public sealed record FormIntakeResult(IntakeResult Result, FormValues Values);

/// <summary>The answer to a withdraw page post, with the language and what was typed (to show the page again).</summary>
public sealed record WithdrawalFormResult(WithdrawalResult Result, string Language, string? Typed);

/// <summary>
/// The web form's posts (<c>application/x-www-form-urlencoded</c>, UTF-8), read here and handed to the report
/// services as the JSON API would hand them: a report to <see cref="ReportIntake"/>, a code to
/// <see cref="ReportWithdrawals"/>.
/// </summary>
public static class FormPosts
{
    /// <summary>The largest withdraw page post read (a code and a language).</summary>
    public const int MaxWithdrawBytes = 4 * 1024;

    /// <summary>
    /// A report sent by the web form: the same size limit, the fields mapped to a schema v1 object
    /// (<see cref="FormSubmission"/>), the same validator and the same queue.
    /// A post that filled the honeypot is <see cref="IntakeResult.Discarded"/>.
    /// </summary>
    public static Task<FormIntakeResult> SubmitFormAsync(this ReportIntake intake, string? contentType, Stream body, CancellationToken cancellationToken)
        => intake.SubmitFormAsync(contentType, body, gate: null, cancellationToken);

    /// <summary>A form post through <paramref name="gate"/> (a single-use link), when there is one.</summary>
    public static async Task<FormIntakeResult> SubmitFormAsync(this ReportIntake intake, string? contentType, Stream body, IReportGate? gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(body);
        if (!ReportIntake.IsForm(contentType))
        {
            return new(new IntakeResult.UnsupportedMediaType(contentType), FormValues.Empty);
        }

        var bytes = await RequestBodies.ReadAtMostAsync(body, ReportIntake.MaxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return new(new IntakeResult.TooLarge(ReportIntake.MaxBodyBytes), FormValues.Empty);
        }

        FormValues values;
        try
        {
            values = FormValues.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (InvalidDataException)
        {
            return new(new IntakeResult.Malformed("The form could not be read: too many fields or too long a field name."), FormValues.Empty);
        }

        return FormSubmission.FilledHoneypot(values)
            ? new(intake.Discard(), values)
            : new(await intake.SubmitMappedAsync(FormSubmission.ToJson(values), gate, cancellationToken), values);
    }

    /// <summary>A post of the withdraw page (<c>code</c>, <c>language</c>).</summary>
    public static async Task<WithdrawalFormResult> WithdrawFormAsync(this ReportWithdrawals withdrawals, Stream body, string? acceptLanguage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(withdrawals);
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new byte[MaxWithdrawBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        FormValues values;
        try
        {
            values = length > MaxWithdrawBytes ? FormValues.Empty : FormValues.Parse(Encoding.UTF8.GetString(buffer, 0, length));
        }
        catch (InvalidDataException)
        {
            values = FormValues.Empty;
        }

        var language = FormLanguages.Choose(values.Get("language"), acceptLanguage);
        var typed = values.Get("code");
        return new(await withdrawals.WithdrawAsync(typed, cancellationToken), language, typed);
    }
}
