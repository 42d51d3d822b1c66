using System.Text.RegularExpressions;

namespace Survey.Shared.Briefs;

/// <summary>
/// Removes what looks like personal details from a narrative before it is quoted: e-mail addresses, web
/// links, social handles, phone numbers (US and international), dates (numeric, English, Spanish and
/// Portuguese month names, "DOB …"), member, claim and social security numbers, street addresses and ZIP
/// codes, and names. Name detection is a heuristic:
/// a name after an honorific ("Dr.", "Nurse", "Sra."), after an introduction ("my name is", "me llamo",
/// "meu nome é", "called") or after a role ("our IBCLC", "my daughter", "la enfermera"), and any run of two
/// or more capitalised words that are not all known words (plan and insurer names, months, acronyms).
/// It errs towards removing too much; a lone first name in the middle of a sentence is not caught.
/// </summary>
internal static partial class QuoteScrubber
{
    public const string NameToken = "[name]";
    public const string PhoneToken = "[phone]";
    public const string EmailToken = "[e-mail]";
    public const string DateToken = "[date]";
    public const string NumberToken = "[number]";
    public const string LinkToken = "[link]";
    public const string AddressToken = "[address]";

    private const int TimeoutMs = 1000;

    // One word of a name: capitalised, then at least one lower-case letter (so acronyms such as HMO or HR are not names).
    private const string Word = @"\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*";
    private const string NameRun = @"(?:\p{Lu}\.\s?)*" + Word + @"(?:[ \t]+(?:\p{Lu}\.|" + Word + @")){0,2}";

    private const string EnglishMonth = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private const string IberianMonth = "(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro)";

    /// <summary>Words that may be capitalised without being a name: sentence starters and the vocabulary of the reports.</summary>
    private static readonly HashSet<string> CommonWords = new(
        """
        I A An The My Our We Us She He They It Its This That These Those Then After Before When While So But And Or If In On At For With Without
        Since Because Also Finally Eventually Later Now Today Yesterday Tomorrow Last Next First Second Her His Their Your You Me Once Even Still Yet
        No Not Yes Only Both Every All Some Many Most Each Thanks Thank Luckily Unfortunately Fortunately Please Why What How Who Where Which There
        Here Everyone Nobody Nothing Someone Somebody Instead However Although Though Meanwhile Overall Anyway Just Never Always Again To From By Of As
        Mom Mum Dad Baby Twins Mother Father Family Husband Wife Partner Daughter Son Newborn
        Mr Mrs Ms Mx Dr Dra Sr Sra Srta Prof Doctora Doutor Doutora Enfermera Enfermeira
        El La Los Las Un Una Mi Mis Nuestro Nuestra Nosotros Ella Ellos Ellas Cuando Después Antes Pero Y Si En Con Sin Porque También Luego Entonces
        Hoy Ayer Nos Le Les Lo Por Para Que Qué Sí Gracias Finalmente Al Del Su Sus Yo Tuve Tengo Fui Era Fue Mañana Nadie Nunca Siempre Todo Todos
        O Os As Um Uma Meu Minha Meus Minhas Nosso Nossa Nós Ela Ele Eles Elas Quando Depois Mas E Ou Se Em No Na Nos Nas Com Sem Também Então Hoje
        Ontem Eu Não Sim Obrigada Obrigado Ao Do Da Dos Das Seu Sua Tive Tenho Fomos Foi Nunca Sempre Tudo
        IBCLC IBCLCs CLC LC RN MD OB OBGYN NP PA HMO PPO EPO POS ACA ASO ERISA HR WIC NICU ER ID FEP GIC MGB UHC BCBS HPHC HNE
        Medicaid Medicare MassHealth TRICARE Tricare Blue Cross Shield Aetna Cigna Humana Anthem United Healthcare Tufts Harvard Pilgrim Fallon
        Health Care Plan Plans Insurance Insurer Company Member Members Services Service Customer Department Human Resources Commissioner Division
        State Federal Affordable Act Prior Authorization Authorisation Appeal Appeals Claim Claims Benefit Benefits Network Provider Providers Employer
        Union Hospital Medical Center Centre Clinic Office Home Visit Visits Telehealth Lactation Consultant Consultants Breastfeeding Pediatrician
        Pediatric Midwife Doula Nurse Doctor Covered Denied Coverage Policy Line Advocate Advocacy Legislator Senator Representative Governor
        Massachusetts Mass Commonwealth Connector New England Hampshire Rhode Island Connecticut Vermont Maine York US USA America American
        English Spanish Portuguese Español Inglés Português Inglês God Dios Deus Christmas Thanksgiving Easter Navidad Natal
        January February March April May June July August September October November December
        Monday Tuesday Wednesday Thursday Friday Saturday Sunday
        Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Setiembre Octubre Noviembre Diciembre
        Janeiro Fevereiro Março Maio Junho Julho Setembro Outubro Novembro Dezembro
        Lunes Martes Miércoles Jueves Viernes Sábado Domingo Segunda Terça Quarta Quinta Sexta Sábado
        """.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Words that start many sentences; one of them before a capitalised run is not part of a name.</summary>
    private static readonly HashSet<string> SentenceStarters = new(
        """
        The A An My Our We She He They It This That These Those Then After Before When While So But And Or If In On At For With Without Since
        Because Also Finally Eventually Later Now Today Yesterday Last Next First Her His Their Your You Once Even Still Yet No Not Yes Only Both
        Every All Some Many Most Each Thanks Thank Luckily Unfortunately Fortunately Please Why What How Who Where Which There Here Instead However
        Although Though Meanwhile Overall Anyway Just Never Always Again To From By As
        El La Los Las Un Una Mi Mis Nuestro Nuestra Nosotros Ella Ellos Cuando Después Antes Pero Y Si En Con Sin Porque También Luego Entonces Hoy
        Ayer Nos Le Lo Por Para Que Gracias Finalmente Al Del Su Sus Yo
        O Os As Um Uma Meu Minha Nosso Nossa Nós Ela Ele Eles Quando Depois Mas E Ou Se Em No Na Com Sem Também Então Hoje Ontem Eu Não Ao Do Da Seu Sua
        """.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Connectors = new(["and", "y", "e", "&"], StringComparer.Ordinal);

    private static readonly HashSet<string> Particles = new(["de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al"], StringComparer.Ordinal);

    /// <summary>
    /// The text with personal details replaced by <c>[name]</c>, <c>[phone]</c>, <c>[e-mail]</c>, <c>[date]</c>,
    /// <c>[number]</c>, <c>[address]</c> and <c>[link]</c>. Words of <paramref name="knownNames"/> (plan and insurer names) are kept.
    /// </summary>
    public static string Scrub(string text, IEnumerable<string>? knownNames = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var known = new HashSet<string>(CommonWords, StringComparer.OrdinalIgnoreCase);
        foreach (var name in knownNames ?? [])
        {
            foreach (Match word in KnownWordRegex().Matches(name ?? string.Empty))
            {
                known.Add(word.Value);
            }
        }

        var s = EmailRegex().Replace(text, EmailToken);
        s = LinkRegex().Replace(s, LinkToken);
        s = HandleRegex().Replace(s, NameToken);
        s = BirthDateRegex().Replace(s, m => m.Groups["label"].Value + " " + DateToken);
        s = IsoDateRegex().Replace(s, DateToken);
        s = NumericDateRegex().Replace(s, DateToken);
        s = MonthDayRegex().Replace(s, DateToken);
        s = DayMonthRegex().Replace(s, DateToken);
        s = IberianDateRegex().Replace(s, DateToken);
        s = InternationalPhoneRegex().Replace(s, PhoneToken);
        s = UsPhoneRegex().Replace(s, PhoneToken);
        s = LocalPhoneRegex().Replace(s, PhoneToken);
        s = LongNumberRegex().Replace(s, NumberToken);
        s = StreetAddressRegex().Replace(s, AddressToken);
        s = ZipCodeRegex().Replace(s, m => m.Groups["state"].Value + " " + AddressToken);
        s = HonorificRegex().Replace(s, m => m.Groups["h"].Value + " " + NameToken);
        s = IntroductionRegex().Replace(s, m => AllKnown(m.Groups["n"].Value, known) ? m.Value : m.Groups["p"].Value + m.Groups["sep"].Value + NameToken);
        s = RoleRegex().Replace(s, m => AllKnown(m.Groups["n"].Value, known) ? m.Value : m.Groups["p"].Value + m.Groups["sep"].Value + NameToken);
        var beforeRuns = s;
        s = CapitalisedRunRegex().Replace(beforeRuns, m => ScrubRun(beforeRuns, m, known));
        return RepeatedNameRegex().Replace(s, NameToken);
    }

    /// <summary>
    /// The text on one line (runs of white space become one space), at most <paramref name="maxLength"/>
    /// characters: cut at a word boundary with an ellipsis when longer.
    /// </summary>
    public static string Shorten(string text, int maxLength = 400)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 20);
        var flat = WhiteSpaceRegex().Replace(text, " ").Trim();
        if (flat.Length <= maxLength)
        {
            return flat;
        }

        var cut = flat[..(maxLength - 1)];
        var space = cut.LastIndexOf(' ');
        if (space > maxLength / 2)
        {
            cut = cut[..space];
        }

        return cut.TrimEnd(' ', ',', ';', ':', '-', '–', '—', '(', '"', '“') + "…";
    }

    private static bool AllKnown(string run, HashSet<string> known)
        => Words(run).All(known.Contains);

    private static IEnumerable<string> Words(string run)
        => run.Split((char[])[' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Particles.Contains(w) && !Connectors.Contains(w))
            .Select(w => w.TrimEnd('.'));

    /// <summary>
    /// A run of capitalised words becomes <c>[name]</c> when two or more of its words remain after a sentence's
    /// first word is set aside (when it is a common starter, or the rest are all known words), and not every one
    /// of them is a known word.
    /// </summary>
    private static string ScrubRun(string text, Match match, HashSet<string> known)
    {
        var tokens = match.Value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var prefix = string.Empty;
        if (IsSentenceStart(text, match.Index))
        {
            var first = tokens[0];
            var rest = Words(string.Join(' ', tokens.Skip(1))).ToList();
            if (SentenceStarters.Contains(first) || known.Contains(first.TrimEnd('.')))
            {
                prefix = first + " ";
                tokens = tokens[1..];
            }
            else if (rest.Count > 0 && rest.All(known.Contains))
            {
                // A capitalised verb or word before known names: "Called Blue Cross".
                return match.Value;
            }
        }

        var words = Words(string.Join(' ', tokens)).ToList();
        return words.Count >= 2 && !words.All(known.Contains) ? prefix + NameToken : match.Value;
    }

    private static bool IsSentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '.' or '!' or '?' or ':' or ';' or '…' or '¿' or '¡')
            {
                return true;
            }

            if (!char.IsWhiteSpace(c) && c is not ('"' or '“' or '‘' or '\'' or '(' or '«' or '-' or '–' or '—' or '*'))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.None, TimeoutMs)]
    private static partial Regex KnownWordRegex();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+\s?(?:@|\(at\)|\[at\])\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.None, TimeoutMs)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""]+", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"(?<![\w@])@[A-Za-z0-9_.]{2,}\w", RegexOptions.None, TimeoutMs)]
    private static partial Regex HandleRegex();

    [GeneratedRegex(
        @"(?<label>\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date|birthday|born(?: on)?|fecha de nacimiento|naci[oó](?: el)?|nacid[oa]s?(?: el)?|data de nascimento|nasceu(?: em| no dia)?|nascid[oa]s?(?: em| no dia)?)(?:\s+(?:is|was|es|era|fue|é|foi))?)\s*[:=\-–]?\s*(?<value>\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}/\d{1,2}|\d{6,8})(?!\w)",
        RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex BirthDateRegex();

    [GeneratedRegex(@"(?<![\w/.\-])\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}(?![\w/])", RegexOptions.None, TimeoutMs)]
    private static partial Regex IsoDateRegex();

    [GeneratedRegex(@"(?<![\w/.\-])\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![\w/])", RegexOptions.None, TimeoutMs)]
    private static partial Regex NumericDateRegex();

    [GeneratedRegex(@"\b" + EnglishMonth + @"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex MonthDayRegex();

    [GeneratedRegex(@"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + EnglishMonth + @"\b\.?(?:,?\s+\d{4}\b)?", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex DayMonthRegex();

    [GeneratedRegex(@"\b\d{1,2}(?:º|°|o)?\s+de\s+" + IberianMonth + @"\b(?:,?\s+(?:de|del)\s+\d{4}\b)?", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex IberianDateRegex();

    [GeneratedRegex(@"(?<![\w+])\+(?:[02-9]\d{0,2})[ \t.\-]?(?:\(?\d{1,4}\)?[ \t.\-]?){1,4}\d{3,5}(?!\w)", RegexOptions.None, TimeoutMs)]
    private static partial Regex InternationalPhoneRegex();

    [GeneratedRegex(@"(?<![\w+])(?:\+?1[ \t.\-]?)?(?:\(\d{3}\)|\d{3})[ \t.\-]?\d{3}[ \t.\-]?\d{4}(?:\s*(?:ext\.?|x)\s*\d{1,5})?(?!\w)", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex UsPhoneRegex();

    [GeneratedRegex(@"(?<![\w$.,])(?:\(\d{2}\)\s?\d{4,5}-\d{4}|\d{3}-\d{4})(?![\w])", RegexOptions.None, TimeoutMs)]
    private static partial Regex LocalPhoneRegex();

    // Member, claim and social security numbers: seven digits or more, groups of digits, or anything numbered after '#'.
    [GeneratedRegex(@"(?<![\w$.,])(?:[A-Za-z]{0,4}\d{7,}|\d{3}-\d{2}-\d{4}|\d{3,}(?:-\d{3,}){2,})(?!\w)|#\s?[A-Za-z0-9\-]*\d{4,}[A-Za-z0-9\-]*", RegexOptions.None, TimeoutMs)]
    private static partial Regex LongNumberRegex();

    [GeneratedRegex(
        @"\b\d{1,5}[ \t]+(?:\p{Lu}[\p{L}'’.\-]*[ \t]+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?[ \t]+(?:Apt|Apartment|Unit|Suite|#)\.?[ \t]*\w+)?|\b(?:Rua|Calle|Avenida|Av\.)[ \t]+(?:\p{L}+[ \t]+){0,3}\p{L}+,?[ \t]*\d{1,5}\b",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex StreetAddressRegex();

    [GeneratedRegex(@"\b(?<state>[A-Z]{2}),?[ \t]+\d{5}(?:-\d{4})?\b", RegexOptions.None, TimeoutMs)]
    private static partial Regex ZipCodeRegex();

    [GeneratedRegex(
        @"(?<h>\b(?:(?i:mr|mrs|ms|mx|dr|dra|sr|sra|srta|prof)\.?|(?i:doctor|doctora|doutor|doutora|nurse|enfermera|enfermeira|señor|señora|señorita|senhor|senhora|professor|professora)|Miss|Don|Dona|Doña))\s+(?<n>" + NameRun + ")",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex HonorificRegex();

    [GeneratedRegex(
        @"(?<p>\b(?i:my name is|my name's|my name’s|i am|i['’]m|named|called|call me|name is|soy|sou|me llamo|mi nombre es|se llama|se llamaba|llamad[oa]|meu nome é|me chamo|se chama|chama-se|chamad[oa]))(?<sep>\s+)(?<n>" + NameRun + ")",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex IntroductionRegex();

    [GeneratedRegex(
        @"(?<p>\b(?i:daughter|son|babies|baby|twins|twin|husband|wife|partner|spouse|mother|father|mom|mum|dad|ibclc|clc|lactation consultant|consultant|midwife|doula|pediatrician|ob|obgyn|rep|representative|agent|supervisor|manager|case manager|hija|hijo|hijos|bebé|bebe|gemel[oa]s|esposo|esposa|marido|pareja|madre|padre|consultora|consultor|partera|pediatra|filha|filho|filhos|bebê|gême[oa]s|mulher|companheir[oa]|mãe|pai|parteira))(?<sep>\s*,?\s+)(?<n>" + NameRun + @"(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|y|e|&)[ \t]+)" + NameRun + ")*)",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex RoleRegex();

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}'’\-\[])(?:\p{Lu}\.\s?)*" + Word + @"(?:[ \t]+(?:(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|al)[ \t]+)?(?:" + Word + @"|\p{Lu}\.))*",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex CapitalisedRunRegex();

    [GeneratedRegex(@"\[name\](?:[ \t]+\[name\])+", RegexOptions.None, TimeoutMs)]
    private static partial Regex RepeatedNameRegex();

    [GeneratedRegex(@"\s+", RegexOptions.None, TimeoutMs)]
    private static partial Regex WhiteSpaceRegex();
}
