using System.Text;
using Survey.Shared.Forms;
using Survey.Shared.Reports;
using Survey.Shared.Stats;

namespace Survey.Shared.Dashboards;

/// <summary>
/// The dashboard's table of a plan's reports by answer: one row per option of each counted question of the
/// questionnaire (<see cref="Question.Counted"/>), the question in the form's English words and the option in the
/// committee's label (<see cref="Question.OptionLabel"/>), so a question added to the questionnaire shows up here too.
/// </summary>
internal static class DashboardAnswers
{
    public static void Append(StringBuilder body, Measures plan, Questionnaire questionnaire)
    {
        var words = FormTexts.For("en", questionnaire);
        body.Append("<div class=\"table-wrap\"><table class=\"answers\">\n<caption>The same reports by answer.</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Answer</th><th scope=\"col\" class=\"num\">Reports</th></tr></thead>\n<tbody>\n");
        foreach (var question in questionnaire.Counted)
        {
            var first = true;
            foreach (var option in question.Options)
            {
                body.Append("<tr>");
                if (first)
                {
                    body.Append("<th scope=\"rowgroup\" rowspan=\"").Append(question.Options.Length).Append("\">")
                        .Append(Html.Html.Encode(words.GetValueOrDefault(question.Key + ".label", question.Key))).Append("</th>");
                    first = false;
                }

                body.Append("<td>").Append(Html.Html.Encode(question.OptionLabel(option))).Append("</td><td class=\"num\">")
                    .Append(Html.Html.Number(plan.Counters.GetValueOrDefault(question.Counter(option)))).Append("</td></tr>\n");
            }
        }

        body.Append("</tbody></table></div>\n");
    }
}
