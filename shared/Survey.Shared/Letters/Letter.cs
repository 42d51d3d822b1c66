namespace Survey.Shared.Letters;

/// <summary>
/// One letter offered after a report, prefilled from it. Never stored or logged: it exists in the page only.
/// </summary>
/// <param name="Kind">insurer, employer, regulator or legislators.</param>
/// <param name="Recipient">The routing's recipient id (for a regulator: state-insurance, dol-ebsa, medicaid-ombudsman, medicare).</param>
/// <param name="Title">What the offer is called on the page ("To your insurance company").</param>
/// <param name="Why">One line on why this recipient.</param>
/// <param name="To">The recipient's name.</param>
/// <param name="Address">Address lines and phone, possibly none.</param>
/// <param name="Web">The recipient's web page, if known.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The letter, plain text with line breaks.</param>
public sealed record Letter(string Kind, string Recipient, string Title, string Why, string To, IReadOnlyList<string> Address, string? Web, string Subject, string Body)
{
    /// <summary>A <c>mailto:</c> link with the subject and body (no address: the reporter adds it).</summary>
    public string Mailto => "mailto:?subject=" + Uri.EscapeDataString(Subject) + "&body=" + Uri.EscapeDataString(Body.ReplaceLineEndings("\r\n"));
}
