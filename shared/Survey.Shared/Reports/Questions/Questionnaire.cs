using System.Collections;
using System.Collections.Immutable;

namespace Survey.Shared.Reports;

/// <summary>
/// The report's questions in the order the form shows them: the one definition from which the validator's rules,
/// the form's fields, the OpenAPI schema of a report, the CSV's counted columns and the dashboard's labels derive.
/// <see cref="Default"/> is report schema v1; <see cref="With"/> makes a questionnaire with one more question
/// (a test adds a made-up one to show that it reaches every place).
/// </summary>
public sealed class Questionnaire : IReadOnlyList<Question>
{
    private readonly ImmutableArray<Question> _questions;
    private readonly ImmutableDictionary<string, Question> _byKey;

    private Questionnaire(ImmutableArray<Question> questions)
    {
        _questions = questions;
        _byKey = questions.ToImmutableDictionary(q => q.Key, StringComparer.Ordinal);
        Keys = [.. questions.Select(q => q.Key)];
    }

    /// <summary>Report schema v1.</summary>
    public static Questionnaire Default { get; } = new(DefaultQuestions.All);

    /// <summary>Every key, in order.</summary>
    public ImmutableArray<string> Keys { get; }

    /// <summary>The questions the statistics count option by option (<see cref="Question.Counted"/>), in order.</summary>
    public IEnumerable<Question> Counted => _questions.Where(q => q.Counted);

    public int Count => _questions.Length;

    public Question this[int index] => _questions[index];

    /// <summary>The question with <paramref name="key"/>; a missing key is a bug, so it throws.</summary>
    public Question this[string key] => _byKey[key];

    /// <summary>Whether <paramref name="key"/> is a question's key.</summary>
    public bool Contains(string key) => _byKey.ContainsKey(key);

    /// <summary>This questionnaire with <paramref name="question"/> added after the last question the form shows in its section.</summary>
    public Questionnaire With(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (Contains(question.Key))
        {
            throw new ArgumentException($"There already is a question '{question.Key}'.", nameof(question));
        }

        if (question.OnlyWhen is { } condition && !Contains(condition.Key))
        {
            throw new ArgumentException($"The condition names '{condition.Key}', which is not an earlier question.", nameof(question));
        }

        var last = _questions.LastIndexOf(_questions.LastOrDefault(q => q.Section == question.Section) ?? _questions[^1]);
        return new Questionnaire(_questions.Insert(last + 1, question));
    }

    public IEnumerator<Question> GetEnumerator() => ((IEnumerable<Question>)_questions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
