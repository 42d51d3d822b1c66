using Survey.Shared.Briefs;

namespace Survey.Tests.Briefs;

public sealed class QuoteScrubberTests
{
    private static readonly string[] Catalogue =
    [
        "Blue Cross Blue Shield of Massachusetts", "Harvard Pilgrim Health Care", "MassHealth", "Tufts Health Together with Cambridge Health Alliance (CHA)",
        "TRICARE Select", "Mass General Brigham Health Plan", "WellSense Boston Children's ACO",
    ];

    private static string Scrub(string text) => QuoteScrubber.Scrub(text, Catalogue);

    [Theory]
    [InlineData("Write to me at jane.doe+baby@example.com please.", "Write to me at [e-mail] please.")]
    [InlineData("email: MARIA_g@correo.example.mx", "email: [e-mail]")]
    [InlineData("Mi correo es ana.souza@exemplo.com.br.", "Mi correo es [e-mail].")]
    [InlineData("contact jane (at) example.org", "contact [e-mail]")]
    public void E_mail_addresses_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Call me at (617) 555-0123 any time.", "Call me at [phone] any time.")]
    [InlineData("Call 617-555-0123.", "Call [phone].")]
    [InlineData("Call 617.555.0123.", "Call [phone].")]
    [InlineData("Call 617 555 0123.", "Call [phone].")]
    [InlineData("Call 6175550123.", "Call [phone].")]
    [InlineData("Call +1 617 555 0123.", "Call [phone].")]
    [InlineData("Call +1-617-555-0123 ext. 42.", "Call [phone].")]
    [InlineData("Call 1 (617) 555-0123.", "Call [phone].")]
    [InlineData("Call 555-0123 after noon.", "Call [phone] after noon.")]
    [InlineData("Mi teléfono es 508-555-0199, llámeme.", "Mi teléfono es [phone], llámeme.")]
    [InlineData("Meu celular: +55 11 91234-5678.", "Meu celular: [phone].")]
    [InlineData("Meu celular: (11) 91234-5678.", "Meu celular: [phone].")]
    public void Phone_numbers_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Baby's DOB 03/14/2025, twins.", "Baby's DOB [date], twins.")]
    [InlineData("DOB: 3/14/25.", "DOB [date].")]
    [InlineData("Date of birth 2025-03-14.", "Date of birth [date].")]
    [InlineData("born on 3/14 at 36 weeks", "born on [date] at 36 weeks")]
    [InlineData("The visit was 2024-03-14.", "The visit was [date].")]
    [InlineData("The visit was 14.03.2024.", "The visit was [date].")]
    [InlineData("They were born March 14, 2024 and we called on Mar. 20.", "They were born [date] and we called on [date].")]
    [InlineData("born 14 March 2024", "born [date]")]
    [InlineData("on the 5th of June the claim came back", "on the [date] the claim came back")]
    [InlineData("Nacieron el 14 de marzo de 2024.", "Nacieron el [date].")]
    [InlineData("fecha de nacimiento: 14/03/2024", "fecha de nacimiento [date]")]
    [InlineData("Ela nasceu em 2 de junho de 2025.", "Ela nasceu em [date].")]
    [InlineData("No dia 1º de março a consultora veio.", "No dia [date] a consultora veio.")]
    public void Dates_and_dates_of_birth_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Since March 2024 home visits are covered.")]
    [InlineData("We paid $150 for 2 visits in May.")]
    [InlineData("They covered 3 of 4 visits, 36 weeks, 2 babies.")]
    [InlineData("Desde marzo de 2025 cubren las visitas a domicilio.")]
    [InlineData("Blue Cross said home visits were covered, then denied the claim.")]
    [InlineData("I called Harvard Pilgrim and MassHealth twice.")]
    [InlineData("The IBCLC came to our home; the HMO said no, the PPO said yes.")]
    [InlineData("After the Commissioner of Insurance got involved, TRICARE Select paid.")]
    [InlineData("I am exhausted and my baby was losing weight.")]
    public void Ordinary_text_is_kept(string text) => Assert.Equal(text, Scrub(text));

    [Theory]
    [InlineData("Dr. Smith said it was fine.", "Dr. [name] said it was fine.")]
    [InlineData("Mrs Jane O'Brien-Walsh called.", "Mrs [name] called.")]
    [InlineData("Nurse Patel told us to call.", "Nurse [name] told us to call.")]
    [InlineData("the nurse Julia was kind", "the nurse [name] was kind")]
    [InlineData("Dr. J. Smith", "Dr. [name]")]
    [InlineData("My name is Jane Doe and I am a mother of twins.", "My name is [name] and I am a mother of twins.")]
    [InlineData("The rep, named Kevin, said it was covered.", "The rep, named [name], said it was covered.")]
    [InlineData("A supervisor called Brenda denied it.", "A supervisor called [name] denied it.")]
    [InlineData("Our IBCLC, Sarah Connor, came to our home.", "Our IBCLC, [name], came to our home.")]
    [InlineData("my daughter Sofia would not latch", "my daughter [name] would not latch")]
    [InlineData("our twins Sofia and Lucas were born early", "our twins [name] were born early")]
    [InlineData("We met with Jane Smith at home.", "We met with [name] at home.")]
    [InlineData("Jane Smith came to our home.", "[name] came to our home.")]
    [InlineData("Then Maria Fernanda Lopez called me back.", "Then [name] called me back.")]
    [InlineData("Thanks to Ana da Silva we got help.", "Thanks to [name] we got help.")]
    [InlineData("Follow me @jane_doe_ma for updates.", "Follow me [name] for updates.")]
    [InlineData("See www.facebook.com/jane.doe.123 for photos.", "See [link] for photos.")]
    public void Names_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Member ID XGH123456789 was on the card.", "Member ID [number] was on the card.")]
    [InlineData("The claim #2025-0042-7781 was denied.", "The claim [number] was denied.")]
    [InlineData("SSN 123-45-6789 was on the form.", "SSN [number] was on the form.")]
    [InlineData("We live at 12 Main Street, Apt 3, Worcester, MA 01608.", "We live at [address], Worcester, MA [address].")]
    [InlineData("Moramos na Rua das Flores, 120 em Framingham.", "Moramos na [address] em Framingham.")]
    [InlineData("We paid $1,250.00 and 2024-2025 was a hard year.", "We paid $1,250.00 and 2024-2025 was a hard year.")]
    public void Identifying_numbers_and_addresses_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Our pediatrician Dr. Amy Lee referred us to an IBCLC named Karen Smith-Jones, RN.", "Our pediatrician Dr. [name] referred us to an IBCLC named [name], RN.")]
    [InlineData("Then Susan B. Anthony called.", "Then [name] called.")]
    [InlineData("My husband Mike called Blue Cross Blue Shield of Massachusetts.", "My husband [name] called Blue Cross Blue Shield of Massachusetts.")]
    [InlineData("I'm Kelly, an IBCLC in private practice.", "I'm [name], an IBCLC in private practice.")]
    public void Names_next_to_titles_roles_and_plan_names_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Me llamo María González y mi hija Lucía no se prendía.", "Me llamo [name] y mi hija [name] no se prendía.")]
    [InlineData("La enfermera Rosa nos visitó en casa.", "La enfermera [name] nos visitó en casa.")]
    [InlineData("La Dra. Pérez dijo que MassHealth no lo cubre.", "La Dra. [name] dijo que MassHealth no lo cubre.")]
    [InlineData("Hablé con la Sra. Carmen Ruiz de recursos humanos.", "Hablé con la Sra. [name] de recursos humanos.")]
    [InlineData("Fuimos atendidas por Juana Inés Ramírez en casa.", "Fuimos atendidas por [name] en casa.")]
    public void Spanish_names_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Meu nome é Ana Souza e minha filha Beatriz nasceu cedo.", "Meu nome é [name] e minha filha [name] nasceu cedo.")]
    [InlineData("A consultora Beatriz veio em casa.", "A consultora [name] veio em casa.")]
    [InlineData("Falei com a Dona Maria do plano.", "Falei com a Dona [name] do plano.")]
    [InlineData("A enfermeira Joana disse que o Harvard Pilgrim cobre.", "A enfermeira [name] disse que o Harvard Pilgrim cobre.")]
    [InlineData("Fomos atendidas por João Pedro dos Santos.", "Fomos atendidas por [name].")]
    public void Portuguese_names_are_removed(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Fact]
    public void A_narrative_with_every_kind_of_detail_keeps_its_story_and_loses_the_details()
    {
        var text = """
            My name is Jane Doe. Our IBCLC, Sarah Connor, came to our home on March 3, 2025.
            Call me at (617) 555-0123 or jane.doe@example.com. Baby's DOB 03/01/2025.
            Blue Cross said it was covered, then TRICARE Select denied the home visit. Nurse Patel helped us appeal.
            """;

        var scrubbed = Scrub(text);

        foreach (var detail in new[] { "Jane", "Doe", "Sarah", "Connor", "617", "555", "0123", "jane.doe", "example.com", "03/01/2025", "March 3", "Patel" })
        {
            Assert.DoesNotContain(detail, scrubbed, StringComparison.Ordinal);
        }

        foreach (var kept in new[] { "Blue Cross said it was covered", "TRICARE Select denied the home visit", "Nurse [name] helped us appeal", "[phone]", "[e-mail]", "DOB [date]" })
        {
            Assert.Contains(kept, scrubbed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Known_plan_names_passed_in_are_kept()
    {
        Assert.Equal("I called Acme Gold Health twice.", QuoteScrubber.Scrub("I called Acme Gold Health twice.", ["Acme Gold Health"]));
        Assert.Equal("I called [name] twice.", QuoteScrubber.Scrub("I called Acme Gold Health twice."));
    }

    [Fact]
    public void A_short_text_is_only_put_on_one_line()
        => Assert.Equal("First line. Second line.", QuoteScrubber.Shorten("  First line.\r\n\r\n  Second\tline. ", 400));

    [Fact]
    public void A_long_text_is_cut_at_a_word_boundary_with_an_ellipsis()
    {
        var text = string.Join(' ', Enumerable.Repeat("breastfeeding", 60));

        var shortened = QuoteScrubber.Shorten(text, 400);

        Assert.True(shortened.Length <= 400, $"{shortened.Length} characters");
        Assert.EndsWith("breastfeeding…", shortened, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", shortened, StringComparison.Ordinal);
    }
}
