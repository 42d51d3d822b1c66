using System.Collections.Frozen;
using Survey.Shared.Forms;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Signals;

/// <summary>
/// The digest's unsubscribe page (a button: a GET changes nothing, since mail scanners fetch links) and its confirmation,
/// styled like the campaigns', in the form's languages (en, es, pt; English for any other).
/// </summary>
public static class DigestPages
{
    private static readonly FrozenDictionary<string, Texts> ByLanguage = new Dictionary<string, Texts>(StringComparer.Ordinal)
    {
        ["en"] = new(
            "Unsubscribe from the signals digest",
            "Press the button to receive no more digests of coverage signals.",
            "Unsubscribe",
            "You are unsubscribed",
            "We will not send you any more digests of coverage signals."),
        ["es"] = new(
            "Darse de baja del resumen de señales",
            "Pulse el botón para no recibir más resúmenes de señales de cobertura.",
            "Darme de baja",
            "Se dio de baja",
            "No le enviaremos más resúmenes de señales de cobertura."),
        ["pt"] = new(
            "Cancelar a inscrição no resumo de sinais",
            "Pressione o botão para não receber mais resumos de sinais de cobertura.",
            "Cancelar a inscrição",
            "Inscrição cancelada",
            "Não enviaremos mais resumos de sinais de cobertura."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The page with its button, which posts to <paramref name="action"/>.</summary>
    public static string Unsubscribe(string language, string action)
    {
        var (code, texts) = In(language);
        return Campaigns.CampaignPages.Document(
            code,
            texts.Title,
            "<p>" + Encode(texts.Text) + "</p>\n<form method=\"post\" action=\"" + Encode(action)
            + "\"><input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\">" + Encode(texts.Button) + "</button></form>\n");
    }

    public static string Unsubscribed(string language)
    {
        var (code, texts) = In(language);
        return Campaigns.CampaignPages.Document(code, texts.DoneTitle, "<p>" + Encode(texts.DoneText) + "</p>\n");
    }

    private static (string Code, Texts Texts) In(string language)
        => ByLanguage.TryGetValue(language, out var texts) ? (language, texts) : (FormLanguages.Default, ByLanguage[FormLanguages.Default]);

    private sealed record Texts(string Title, string Text, string Button, string DoneTitle, string DoneText);
}
