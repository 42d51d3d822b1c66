using Survey.Shared.Forms;
using Survey.Shared.Letters;
using Survey.Shared.Reports;

namespace Survey.Tests.Letters;

/// <summary>Which letters a report is offered, what they say, and the routing and texts they come from. Nothing runs.</summary>
public sealed class LetterWriterTests
{
    internal static Report Denied(string? planType = null, string? funding = null, string state = "MA", string language = "en") => new()
    {
        ReporterRole = "family",
        State = state,
        Insurer = "Harbor Mutual Health",
        ServiceMonth = "2025-06",
        Setting = "home",
        Outcome = "denied",
        Plan = "Harbor Choice PPO",
        PlanType = planType,
        Funding = funding,
        DenialReason = "setting-not-covered",
        ToldCoveredBeforehand = "yes",
        OutOfPocketUsd = 240.5m,
        Language = language,
    };

    [Fact]
    public void A_denied_home_visit_on_a_self_funded_plan_offers_insurer_employer_and_labor_department_letters_and_no_state_regulator()
    {
        var letters = LetterWriter.For(Denied("ppo", "self-funded") with { Employer = "Gull Point Shipyard" });

        Assert.Equal(["insurer:insurer", "employer:employer", "regulator:dol-ebsa", "legislators:legislators"], letters.Select(l => l.Kind + ":" + l.Recipient));
        Assert.DoesNotContain(letters, l => l.Recipient == "state-insurance");
        Assert.Contains("Employee Benefits Security Administration", letters.Single(l => l.Kind == "regulator").To, StringComparison.Ordinal);
        Assert.Equal("Benefits Office, Gull Point Shipyard", letters.Single(l => l.Kind == "employer").To);
    }

    [Theory]
    [InlineData("fully-insured", "MA", "Massachusetts Division of Insurance, Consumer Service Section")]
    [InlineData("fully-insured", "RI", "Insurance regulator of Rhode Island")]
    [InlineData(null, "MA", "Massachusetts Division of Insurance, Consumer Service Section")]
    public void A_fully_insured_plan_offers_the_state_insurance_regulator_named_for_massachusetts_and_generic_elsewhere(string? funding, string state, string to)
    {
        var letters = LetterWriter.For(Denied("hmo", funding, state));

        Assert.Equal(["insurer", "regulator", "legislators"], letters.Select(l => l.Kind));
        var regulator = letters.Single(l => l.Kind == "regulator");
        Assert.Equal("state-insurance", regulator.Recipient);
        Assert.Equal(to, regulator.To);
        Assert.DoesNotContain(letters, l => l.Kind == "employer");
    }

    [Theory]
    [InlineData("MA", "MassHealth Ombudsman")]
    [InlineData("TX", "Medicaid ombudsman of Texas")]
    public void A_medicaid_plan_offers_the_state_medicaid_ombudsman(string state, string to)
    {
        var letters = LetterWriter.For(Denied("medicaid", "self-funded", state));

        var regulator = letters.Single(l => l.Kind == "regulator");
        Assert.Equal("medicaid-ombudsman", regulator.Recipient);
        Assert.Equal(to, regulator.To);
        Assert.DoesNotContain(letters, l => l.Kind == "employer");
    }

    [Fact]
    public void A_medicare_plan_offers_medicare_s_own_channel()
        => Assert.Equal("medicare", LetterWriter.For(Denied("medicare")).Single(l => l.Kind == "regulator").Recipient);

    [Theory]
    [InlineData("covered-in-full")]
    [InlineData("pending")]
    [InlineData("not-billed")]
    public void A_report_without_a_coverage_problem_is_offered_no_letter(string outcome)
        => Assert.Empty(LetterWriter.For(Denied("ppo", "fully-insured") with { Outcome = outcome, DenialReason = null }));

    [Theory]
    [InlineData("en", "June 2025", "At home", "Refused to pay (denied)")]
    [InlineData("es", "junio 2025", "En casa", null)]
    [InlineData("pt", "junho 2025", null, null)]
    public void Each_letter_holds_the_report_s_facts_in_the_report_s_language(string language, string month, string? setting, string? outcome)
    {
        var letters = LetterWriter.For(Denied("ppo", "fully-insured", language: language));

        Assert.NotEmpty(letters);
        foreach (var letter in letters)
        {
            Assert.Contains("Harbor Mutual Health", letter.Body, StringComparison.Ordinal);
            Assert.Contains("Harbor Choice PPO", letter.Body, StringComparison.Ordinal);
            Assert.Contains(month, letter.Body, StringComparison.Ordinal);
            Assert.Contains(FormTexts.Get(language, "setting.home"), letter.Body, StringComparison.Ordinal);
            Assert.Contains(FormTexts.Get(language, "outcome.denied"), letter.Body, StringComparison.Ordinal);
            Assert.Contains(FormTexts.Get(language, "denialReason.setting-not-covered"), letter.Body, StringComparison.Ordinal);
            Assert.Contains(FormTexts.Get(language, "toldCoveredBeforehand.yes"), letter.Body, StringComparison.Ordinal);
            Assert.Contains("US$240.50", letter.Body, StringComparison.Ordinal);
        }

        Assert.True(setting is null || letters[0].Body.Contains(setting, StringComparison.Ordinal));
        Assert.True(outcome is null || letters[0].Body.Contains(outcome, StringComparison.Ordinal));
    }

    [Fact]
    public void A_letter_has_no_line_for_a_question_the_reporter_did_not_answer()
    {
        var report = Denied() with { Plan = null, DenialReason = null, ToldCoveredBeforehand = null, OutOfPocketUsd = null, Narrative = null, Employer = null };
        var texts = LetterData.For("en");

        foreach (var letter in LetterWriter.For(report))
        {
            foreach (var unanswered in new[] { "plan", "denialReason", "toldCoveredBeforehand", "outOfPocketUsd", "employer" })
            {
                Assert.DoesNotContain("- " + texts["fact." + unanswered] + ":", letter.Body, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(texts["narrative"], letter.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("$", letter.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_legislators_letter_quotes_the_reporter_s_own_words_and_the_committee_s_ask()
    {
        var letter = LetterWriter.For(Denied() with { Narrative = "We drove two hours\nto find help." }).Single(l => l.Kind == "legislators");

        Assert.Contains("“We drove two hours\nto find help.”", letter.Body, StringComparison.Ordinal);
        Assert.Contains(LetterData.For("en")["letter.legislators.ask"], letter.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_in_a_report_appears_in_its_letters_as_inert_text()
    {
        const string markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        const string formula = "=HYPERLINK(\"http://evil.example\",\"pay\")";
        var report = Denied("ppo", "self-funded") with
        {
            Insurer = markup + " \u202Eevil\u202C Health",
            Plan = formula,
            Employer = "Acme \u2066{state}\u2069 & Sons",
            Narrative = "Told \u200Fcovered\u200E then </textarea><b>billed</b>",
        };

        var letters = LetterWriter.For(report);
        var html = LettersPage.Section(report, letters, "en");

        foreach (var letter in letters)
        {
            Assert.DoesNotContain(letter.Subject + letter.Body + letter.To, c => c is '\u202E' or '\u202C' or '\u2066' or '\u2069' or '\u200E' or '\u200F');
        }

        Assert.Contains(markup + " evil Health", letters[0].Body, StringComparison.Ordinal);
        Assert.Contains(formula, letters[0].Body, StringComparison.Ordinal);
        Assert.Equal("Benefits Office, Acme {state} & Sons", letters.Single(l => l.Kind == "employer").To);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Equal(letters.Count, html.Split("</textarea>").Length - 1);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/textarea&gt;&lt;b&gt;billed&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_language_has_the_same_letter_texts_and_every_routed_recipient_has_its_texts_and_source()
    {
        var english = LetterData.All["en"].Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var (language, texts) in LetterData.All)
        {
            Assert.Equal(english, texts.Keys.Order(StringComparer.Ordinal).ToList());
            Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{language} {t.Key}"));
        }

        var routing = LetterData.Routing;
        foreach (var rule in routing.Rules.Where(r => r.Recipient is not null))
        {
            var key = rule.Kind == "regulator" ? $"letter.regulator.{rule.Recipient}" : $"letter.{rule.Kind}";
            Assert.Contains(key + ".ask", english);
            Assert.True(routing.Recipients.ContainsKey(rule.Recipient!), rule.Recipient);
        }

        foreach (var address in routing.Recipients.Values.SelectMany(s => s.Values).Where(a => a.Name is not null || a.Web is not null))
        {
            Assert.True(address.Source is not null && routing.Sources.ContainsKey(address.Source), $"{address.Name ?? address.Web} names a source in routing.json");
        }

        // Every kind but the employer's (self-funded plans only) ends with a rule for any plan, so no report falls through.
        foreach (var kind in routing.Rules.GroupBy(r => r.Kind).Where(k => k.Key != "employer"))
        {
            Assert.True(kind.Last() is { PlanTypes: null, Fundings: null, ExceptPlanTypes: null, Recipient: not null }, kind.Key);
        }
    }
}
