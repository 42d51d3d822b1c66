using System.Collections.Immutable;

namespace Survey.Shared.Reports;

/// <summary>What kind of answer a question takes; the kind decides how it is validated, shown and documented.</summary>
public enum QuestionKind
{
    /// <summary>The client's submission id, a UUID in the 8-4-4-4-12 form.</summary>
    Id,

    /// <summary>One of <see cref="Question.Options"/>, matched case-insensitively.</summary>
    Choice,

    /// <summary>A set of <see cref="Question.Options"/>, stored in the options' order.</summary>
    Choices,

    /// <summary>One line of text, at most <see cref="Question.MaxLength"/> characters.</summary>
    Text,

    /// <summary>Free text that may hold line breaks and tabs, at most <see cref="Question.MaxLength"/> characters.</summary>
    LongText,

    /// <summary>A month, <c>YYYY-MM</c>, from 2010-01 to the current month.</summary>
    Month,

    /// <summary>US dollars, 0 to <see cref="Question.MaxAmount"/>, at most two decimals; the form reads it forgivingly.</summary>
    Amount,

    /// <summary>JSON <c>true</c> or <c>false</c>; a tick box on the form.</summary>
    YesNo,

    /// <summary>One e-mail address.</summary>
    Email,
}

/// <summary>Where the form shows a question.</summary>
public enum FormSection
{
    /// <summary>Not a question the reporter answers (the form fills it in itself).</summary>
    None,

    /// <summary>The visit: the questions that must be answered, and the plan's name beside the insurer.</summary>
    Visit,

    /// <summary>More details, all optional.</summary>
    More,
}

/// <summary>How the form offers a <see cref="QuestionKind.Choice"/>.</summary>
public enum ChoiceStyle
{
    /// <summary>A drop-down list in the options' order.</summary>
    Select,

    /// <summary>Radio buttons.</summary>
    Radios,

    /// <summary>A drop-down list sorted by label, each label followed by its code (states).</summary>
    SortedSelect,
}

/// <summary>A choice allowed only when another question has one of some values.</summary>
/// <param name="Key">The other question, declared earlier.</param>
/// <param name="Values">The values of the other question that allow an answer.</param>
public sealed record Condition(string Key, ImmutableArray<string> Values)
{
    /// <summary>The validator's message when the condition does not hold.</summary>
    public string Message => $"Only allowed when {Key} is {string.Join(" or ", Values)}.";
}

/// <summary>
/// One question of the report, declared once: its JSON key, kind, whether it is required, its options and limits,
/// where the form shows it, how the API describes it, and whether the statistics count its answers. Its words on
/// the form (<c>{key}.label</c>, <c>{key}.hint</c>, <c>{key}.{option}</c>) are in the form's translations
/// (FormTexts.En/Es/Pt), or in <see cref="Texts"/> for a question that brings its own.
/// </summary>
public sealed record Question(string Key, QuestionKind Kind)
{
    /// <summary>Whether a report must answer it.</summary>
    public bool Required { get; init; }

    /// <summary>The allowed values of a choice, in the order forms and statistics list them.</summary>
    public ImmutableArray<string> Options { get; init; } = [];

    /// <summary>Longest text, in UTF-16 code units after trimming.</summary>
    public int MaxLength { get; init; } = int.MaxValue;

    /// <summary>Largest amount, for <see cref="QuestionKind.Amount"/>.</summary>
    public decimal MaxAmount { get; init; }

    /// <summary>When the question may be answered at all; <see langword="null"/> when always.</summary>
    public Condition? OnlyWhen { get; init; }

    /// <summary>Where the form shows it.</summary>
    public FormSection Section { get; init; } = FormSection.More;

    /// <summary>How the form offers a choice.</summary>
    public ChoiceStyle Style { get; init; } = ChoiceStyle.Select;

    /// <summary>Extra attributes of the form's input (autocomplete and similar hints), starting with a space.</summary>
    public string InputAttributes { get; init; } = string.Empty;

    /// <summary>Whether the form shows the plan picker just before this question.</summary>
    public bool PlanPickerBefore { get; init; }

    /// <summary>The API's description of the field (English, Markdown).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>A shared schema of the OpenAPI document the field refers to, instead of listing its options.</summary>
    public string? SchemaRef { get; init; }

    /// <summary>
    /// The column prefix of a counted choice (<c>role</c> gives <c>role_ibclc</c>, …) in the committee's CSV files;
    /// <see langword="null"/> when the statistics do not count the answers one by one.
    /// </summary>
    public string? CountedAs { get; init; }

    /// <summary>
    /// The prefix of a counted question's counters in the aggregates (<c>role</c> gives <c>role:ibclc</c>). Only report
    /// schema v1's questions name their own (their counters predate the questionnaire and are stored); any other
    /// counted question's counters are <c>{key}:{option}</c>.
    /// </summary>
    internal string? CounterPrefix { get; init; }

    /// <summary>The option a counted question's unanswered report counts as (<c>unknown</c>); <see langword="null"/> when not counted.</summary>
    internal string? UnansweredCountsAs { get; init; }

    /// <summary>Whether the statistics count its answers one by one: a choice (or set of choices) with <see cref="CountedAs"/>.</summary>
    public bool Counted => CountedAs is not null && Kind is QuestionKind.Choice or QuestionKind.Choices && !Options.IsEmpty;

    /// <summary>The aggregates' counter of <paramref name="option"/> of this counted question.</summary>
    public string Counter(string option) => CounterOf(CounterPrefix ?? Key, option);

    /// <summary>The counter of <paramref name="option"/> under <paramref name="prefix"/>.</summary>
    internal static string CounterOf(string prefix, string option) => prefix + ":" + option;

    /// <summary>The committee's short English name of each option on the dashboard and in briefs (the option itself when missing).</summary>
    public ImmutableDictionary<string, string> OptionLabels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The question's own form texts by language (<c>en</c>, <c>es</c>, <c>pt</c>), keyed like the translations
    /// (<c>{key}.label</c>, …); they add to FormTexts, which holds the texts of the default questions.
    /// </summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, string>> Texts { get; init; } =
        ImmutableDictionary<string, ImmutableDictionary<string, string>>.Empty;

    /// <summary>Whether the form shows it as a question.</summary>
    public bool OnForm => Section != FormSection.None;

    /// <summary>The committee's name of <paramref name="option"/>.</summary>
    public string OptionLabel(string option) => OptionLabels.TryGetValue(option, out var label) ? label : option;
}
