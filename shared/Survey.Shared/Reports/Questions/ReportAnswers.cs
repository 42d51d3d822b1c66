using System.Collections.Frozen;

namespace Survey.Shared.Reports;

/// <summary>
/// The answers of a report's counted questions (<see cref="Question.Counted"/>), whether schema v1 gives them a field
/// of their own in <see cref="Report"/> or they travel in <see cref="Report.CountedAnswers"/>.
/// </summary>
public static class ReportAnswers
{
    /// <summary>The counted questions with a field of their own in <see cref="Report"/>.</summary>
    private static readonly FrozenSet<string> WithField =
        FrozenSet.Create(StringComparer.Ordinal, "reporterRole", "outcome", "priorAuthorizationRequired", "toldCoveredBeforehand", "denialReason", "advocacyActions");

    /// <summary>
    /// The options <paramref name="report"/> counts for <paramref name="question"/>: its answers, or the option an
    /// unanswered question counts as (<c>unknown</c>), or none.
    /// </summary>
    public static IReadOnlyList<string> Counted(Report report, Question question)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(question);
        string?[] given = question.Key switch
        {
            "reporterRole" => [report.ReporterRole],
            "outcome" => [report.Outcome],
            "priorAuthorizationRequired" => [report.PriorAuthorizationRequired],
            "toldCoveredBeforehand" => [report.ToldCoveredBeforehand],
            "denialReason" => [report.DenialReason],
            "advocacyActions" => [.. report.AdvocacyActions],
            _ => [.. report.CountedAnswers?.GetValueOrDefault(question.Key) ?? []],
        };
        var answers = given.OfType<string>().ToList();
        return answers.Count == 0 && question.UnansweredCountsAs is { } unanswered ? [unanswered] : answers;
    }

    /// <summary>
    /// The counters of the answers <paramref name="report"/> carries in <see cref="Report.CountedAnswers"/> for
    /// questions <paramref name="known"/> does not hold (a questionnaire's added questions): <c>{key}:{option}</c>.
    /// </summary>
    public static IEnumerable<string> CountersBeyond(Report report, Questionnaire known)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(known);
        return (report.CountedAnswers ?? new Dictionary<string, IReadOnlyList<string>>())
            .Where(answer => !known.Contains(answer.Key))
            .SelectMany(answer => answer.Value.Select(option => Question.CounterOf(answer.Key, option)));
    }

    /// <summary>The validated answers of <paramref name="questionnaire"/>'s counted questions that have no field in <see cref="Report"/>; null when none.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>>? CountedBeyondFields(Questionnaire questionnaire, IReadOnlyDictionary<string, object?> answers)
    {
        var counted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var question in questionnaire.Counted.Where(q => !WithField.Contains(q.Key)))
        {
            switch (answers.GetValueOrDefault(question.Key))
            {
                case string option:
                    counted[question.Key] = [option];
                    break;
                case string[] { Length: > 0 } options:
                    counted[question.Key] = options;
                    break;
            }
        }

        return counted.Count == 0 ? null : counted;
    }
}
