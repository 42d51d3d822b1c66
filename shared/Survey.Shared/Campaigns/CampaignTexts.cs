using System.Collections.Frozen;
using Survey.Shared.Forms;

namespace Survey.Shared.Campaigns;

/// <summary>
/// The default words of campaign e-mails and of the link pages, in the form's languages (en, es, pt), under the
/// same keys. A campaign may replace the subject and body of its mails per language.
/// </summary>
public static class CampaignTexts
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "mail.subject", "mail.greeting", "mail.greetingNamed", "mail.body", "mail.link", "mail.closes", "mail.reminderSubject",
        "mail.reminderBody", "mail.unsubscribe", "refused.title", "refused.text", "refused.form", "unsubscribe.title",
        "unsubscribe.text", "unsubscribe.button", "unsubscribed.title", "unsubscribed.text",
    ];

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> ByLanguage =
        new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["en"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["mail.subject"] = "What did your health insurance cover for lactation care?",
                ["mail.greeting"] = "Hello,",
                ["mail.greetingNamed"] = "Hello {name},",
                ["mail.body"] = "Our access committee collects first-hand reports of what health insurers covered for lactation care, and uses the counts with insurers, employers and regulators. Your answer takes a few minutes and is counted without your e-mail address.",
                ["mail.link"] = "Your personal link to the form (it works for one report):",
                ["mail.closes"] = "The survey is open until {date}.",
                ["mail.reminderSubject"] = "Reminder: tell us what your insurance covered for lactation care",
                ["mail.reminderBody"] = "A short reminder: if you have not had the time yet, your report still counts. This is the only reminder we send.",
                ["mail.unsubscribe"] = "Don't want e-mails from us? Unsubscribe:",
                ["refused.title"] = "This link can no longer be used",
                ["refused.text"] = "It may have been used already, or the survey it belongs to has closed. If you have already answered: thank you. You can still tell us about your experience with the general form.",
                ["refused.form"] = "Open the general form",
                ["unsubscribe.title"] = "Unsubscribe",
                ["unsubscribe.text"] = "Press the button to receive no more e-mails from our surveys.",
                ["unsubscribe.button"] = "Unsubscribe",
                ["unsubscribed.title"] = "You are unsubscribed",
                ["unsubscribed.text"] = "We will not send you any more survey e-mails.",
            }.ToFrozenDictionary(StringComparer.Ordinal),
            ["es"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["mail.subject"] = "¿Qué cubrió su seguro médico en apoyo a la lactancia?",
                ["mail.greeting"] = "Hola:",
                ["mail.greetingNamed"] = "Hola, {name}:",
                ["mail.body"] = "Nuestro comité de acceso reúne relatos de primera mano sobre lo que cubrieron las aseguradoras en apoyo a la lactancia, y usa los números ante aseguradoras, empleadores y reguladores. Responder toma unos minutos y su respuesta se cuenta sin su correo electrónico.",
                ["mail.link"] = "Su enlace personal al formulario (sirve para un solo relato):",
                ["mail.closes"] = "La encuesta está abierta hasta el {date}.",
                ["mail.reminderSubject"] = "Recordatorio: cuéntenos qué cubrió su seguro en apoyo a la lactancia",
                ["mail.reminderBody"] = "Un breve recordatorio: si aún no tuvo tiempo, su relato todavía cuenta. Es el único recordatorio que enviamos.",
                ["mail.unsubscribe"] = "¿No desea recibir nuestros correos? Darse de baja:",
                ["refused.title"] = "Este enlace ya no se puede usar",
                ["refused.text"] = "Puede que ya se haya usado o que la encuesta haya cerrado. Si ya respondió: gracias. Aún puede contarnos su experiencia con el formulario general.",
                ["refused.form"] = "Abrir el formulario general",
                ["unsubscribe.title"] = "Darse de baja",
                ["unsubscribe.text"] = "Pulse el botón para no recibir más correos de nuestras encuestas.",
                ["unsubscribe.button"] = "Darme de baja",
                ["unsubscribed.title"] = "Se dio de baja",
                ["unsubscribed.text"] = "No le enviaremos más correos de encuestas.",
            }.ToFrozenDictionary(StringComparer.Ordinal),
            ["pt"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["mail.subject"] = "O que o seu plano de saúde cobriu no apoio à amamentação?",
                ["mail.greeting"] = "Olá,",
                ["mail.greetingNamed"] = "Olá, {name},",
                ["mail.body"] = "Nosso comitê de acesso reúne relatos em primeira mão sobre o que os planos de saúde cobriram no apoio à amamentação, e usa os números junto a operadoras, empregadores e reguladores. Responder leva poucos minutos e sua resposta é contada sem o seu e-mail.",
                ["mail.link"] = "Seu link pessoal para o formulário (vale para um relato):",
                ["mail.closes"] = "A pesquisa fica aberta até {date}.",
                ["mail.reminderSubject"] = "Lembrete: conte-nos o que o seu plano cobriu no apoio à amamentação",
                ["mail.reminderBody"] = "Um breve lembrete: se ainda não teve tempo, seu relato ainda conta. Este é o único lembrete que enviamos.",
                ["mail.unsubscribe"] = "Não quer receber nossos e-mails? Cancelar a inscrição:",
                ["refused.title"] = "Este link não pode mais ser usado",
                ["refused.text"] = "Talvez já tenha sido usado, ou a pesquisa foi encerrada. Se você já respondeu: obrigado. Você ainda pode contar sua experiência no formulário geral.",
                ["refused.form"] = "Abrir o formulário geral",
                ["unsubscribe.title"] = "Cancelar a inscrição",
                ["unsubscribe.text"] = "Pressione o botão para não receber mais e-mails das nossas pesquisas.",
                ["unsubscribe.button"] = "Cancelar a inscrição",
                ["unsubscribed.title"] = "Inscrição cancelada",
                ["unsubscribed.text"] = "Não enviaremos mais e-mails de pesquisas.",
            }.ToFrozenDictionary(StringComparer.Ordinal),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>One text in <paramref name="language"/> (English for an unsupported one).</summary>
    public static string Get(string language, string key)
        => (ByLanguage.TryGetValue(language, out var texts) ? texts : ByLanguage[FormLanguages.Default]).TryGetValue(key, out var text)
            ? text
            : throw new KeyNotFoundException($"No campaign text '{key}' in '{language}'.");
}
