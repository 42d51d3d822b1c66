using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Net.Mail;
using System.Text.Json;

namespace Survey.Shared.Reports;

/// <summary>
/// Validates and normalises a submission body against report schema v1. It reports every bad field at once
/// and never throws for any <see cref="JsonElement"/>.
/// </summary>
public sealed class ReportValidator(TimeProvider timeProvider)
{
    private const string BodyKey = "$";
    private const int FirstServiceYear = 2010;
    private const decimal MaxOutOfPocketUsd = 100_000m;

    private static readonly FrozenSet<string> KnownFields = ReportSchema.FieldNames.ToFrozenSet(StringComparer.Ordinal);

    private static readonly Choice ReporterRoles = new(ReportSchema.ReporterRoles);
    private static readonly Choice StateCodes = new(ReportSchema.StateCodes);
    private static readonly Choice Settings = new(ReportSchema.Settings);
    private static readonly Choice Outcomes = new(ReportSchema.Outcomes);
    private static readonly Choice PlanTypes = new(ReportSchema.PlanTypes);
    private static readonly Choice Fundings = new(ReportSchema.Fundings);
    private static readonly Choice ProviderCredentials = new(ReportSchema.ProviderCredentials);
    private static readonly Choice NetworkStatuses = new(ReportSchema.NetworkStatuses);
    private static readonly Choice YesNoUnknown = new(ReportSchema.YesNoUnknown);
    private static readonly Choice DenialReasons = new(ReportSchema.DenialReasons);
    private static readonly Choice AdvocacyActions = new(ReportSchema.AdvocacyActions);
    private static readonly Choice Languages = new(ReportSchema.Languages);

    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Validates <paramref name="body"/>, which should be a JSON object of schema v1 fields.</summary>
    public ReportValidationResult Validate(JsonElement body)
    {
        var errors = new Errors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(BodyKey, "Must be a JSON object.");
            return new ReportValidationResult(null, errors.ToReadOnly());
        }

        var fields = new Fields(body, errors);

        var submissionId = ReadSubmissionId(fields);
        var reporterRole = fields.Choice("reporterRole", ReporterRoles, required: true);
        var state = fields.Choice("state", StateCodes, required: true);
        var insurer = fields.Text("insurer", ReportSchema.MaxNameLength, required: true);
        var serviceMonth = ReadServiceMonth(fields);
        var setting = fields.Choice("setting", Settings, required: true);
        var outcome = fields.Choice("outcome", Outcomes, required: true);
        var plan = fields.Text("plan", ReportSchema.MaxNameLength);
        var planType = fields.Choice("planType", PlanTypes);
        var funding = fields.Choice("funding", Fundings);
        var employer = fields.Text("employer", ReportSchema.MaxNameLength);
        var providerCredential = fields.Choice("providerCredential", ProviderCredentials);
        var networkStatus = fields.Choice("networkStatus", NetworkStatuses);
        var priorAuthorizationRequired = fields.Choice("priorAuthorizationRequired", YesNoUnknown);
        var toldCoveredBeforehand = fields.Choice("toldCoveredBeforehand", YesNoUnknown);
        var denialReason = ReadDenialReason(fields, outcome);
        var outOfPocketUsd = ReadOutOfPocketUsd(fields);
        var advocacyActions = ReadAdvocacyActions(fields);
        var narrative = fields.Text("narrative", ReportSchema.MaxNarrativeLength, allowLineBreaks: true);
        var consentToQuote = ReadConsentToQuote(fields);
        var contactEmail = ReadContactEmail(fields);
        var language = fields.Choice("language", Languages);

        if (errors.Count > 0)
        {
            return new ReportValidationResult(null, errors.ToReadOnly());
        }

        var report = new Report
        {
            ReporterRole = reporterRole.Value!,
            State = state.Value!,
            Insurer = insurer.Value!,
            ServiceMonth = serviceMonth!,
            Setting = setting.Value!,
            Outcome = outcome.Value!,
            Plan = plan.Value,
            PlanType = planType.Value,
            Funding = funding.Value,
            Employer = employer.Value,
            ProviderCredential = providerCredential.Value,
            NetworkStatus = networkStatus.Value,
            PriorAuthorizationRequired = priorAuthorizationRequired.Value,
            ToldCoveredBeforehand = toldCoveredBeforehand.Value,
            DenialReason = denialReason,
            OutOfPocketUsd = outOfPocketUsd,
            AdvocacyActions = advocacyActions,
            Narrative = narrative.Value,
            ConsentToQuote = consentToQuote,
            Language = language.Value,
        };
        return new ReportValidationResult(
            new ValidatedSubmission(submissionId, report, contactEmail),
            ReadOnlyDictionary<string, string[]>.Empty);
    }

    private static Guid? ReadSubmissionId(Fields fields)
    {
        const string name = "submissionId";
        var text = fields.Text(name, int.MaxValue);
        if (text.Value is null)
        {
            return null;
        }

        // "D" is exactly the 8-4-4-4-12 form: no braces, no bare 32 hex digits.
        if (Guid.TryParseExact(text.Value, "D", out var id))
        {
            return id;
        }

        fields.Error(name, "Must be a UUID like 01234567-89ab-cdef-0123-456789abcdef.");
        return null;
    }

    private string? ReadServiceMonth(Fields fields)
    {
        const string name = "serviceMonth";
        var text = fields.Text(name, int.MaxValue, required: true).Value;
        if (text is null)
        {
            return null;
        }

        if (!TryParseMonth(text, out var year, out var month))
        {
            fields.Error(name, "Must be a month in the form YYYY-MM.");
            return null;
        }

        if (year < FirstServiceYear)
        {
            fields.Error(name, $"Must be {FirstServiceYear}-01 or later.");
            return null;
        }

        // The current month in UTC counts as the present, whatever the reporter's time zone.
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if ((year * 12) + month > (now.Year * 12) + now.Month)
        {
            fields.Error(name, "Must not be in the future.");
            return null;
        }

        return text;
    }

    private static bool TryParseMonth(string text, out int year, out int month)
    {
        year = 0;
        month = 0;
        if (text.Length != 7 || text[4] != '-')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            // char.IsAsciiDigit, not char.IsDigit: other scripts' digits are not YYYY-MM.
            if (i != 4 && !char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        month = int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12;
    }

    private static string? ReadDenialReason(Fields fields, Read outcome)
    {
        const string name = "denialReason";
        var reason = fields.Choice(name, DenialReasons);

        // Judge the combination only when the outcome itself is valid; a bad outcome is already reported.
        if (reason.Status != ReadStatus.Absent
            && outcome.Value is not null and not "denied" and not "partially-covered")
        {
            fields.Error(name, "Only allowed when outcome is denied or partially-covered.");
            return null;
        }

        return reason.Value;
    }

    private static decimal? ReadOutOfPocketUsd(Fields fields)
    {
        const string name = "outOfPocketUsd";
        if (!fields.TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            fields.Error(name, "Must be a number.");
            return null;
        }

        if (!element.TryGetDecimal(out var amount) || amount < 0 || amount > MaxOutOfPocketUsd)
        {
            fields.Error(name, "Must be between 0 and 100000.");
            return null;
        }

        // Judged on the JSON text, because decimal parsing rounds: 1e-30 would otherwise pass as 0.
        if (DecimalPlaces(element.GetRawText()) > 2)
        {
            fields.Error(name, "Must have at most 2 decimal places.");
            return null;
        }

        // 12.500 has two decimals in value; store it as 12.50.
        return decimal.Round(amount, 2);
    }

    /// <summary>How many decimal places the value of a JSON number token needs (trailing zeros don't count).</summary>
    private static long DecimalPlaces(string number)
    {
        long fractionLength = 0;
        long trailingZeros = 0;
        var inFraction = false;
        var i = number.StartsWith('-') ? 1 : 0;
        for (; i < number.Length && number[i] is not ('e' or 'E'); i++)
        {
            if (number[i] == '.')
            {
                inFraction = true;
                continue;
            }

            fractionLength += inFraction ? 1 : 0;
            trailingZeros = number[i] == '0' ? trailingZeros + 1 : 0;
        }

        long exponent = 0;
        if (i < number.Length)
        {
            var negative = number[++i] == '-';
            if (number[i] is '-' or '+')
            {
                i++;
            }

            // Capped: an exponent this large means out of range or too many decimals either way.
            for (; i < number.Length; i++)
            {
                exponent = Math.Min((exponent * 10) + (number[i] - '0'), 1_000_000);
            }

            exponent = negative ? -exponent : exponent;
        }

        // Zero (however written) has no decimals; otherwise trailing zeros of the digits are not significant.
        return IsZero(number) ? 0 : Math.Max(0, fractionLength - exponent - trailingZeros);

        static bool IsZero(string number)
        {
            foreach (var c in number)
            {
                if (c is 'e' or 'E')
                {
                    return true;
                }

                if (c is >= '1' and <= '9')
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static string[] ReadAdvocacyActions(Fields fields)
    {
        const string name = "advocacyActions";
        if (!fields.TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            fields.Error(name, "Must be an array of strings.");
            return [];
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                fields.Error(name, "Must be an array of strings.");
                continue;
            }

            if (!Fields.TryGetString(item, out var text) || !AdvocacyActions.TryGetCanonical(text.Trim(), out var action))
            {
                fields.Error(name, $"Must contain only: {AdvocacyActions.List}.");
                continue;
            }

            chosen.Add(action);
        }

        // A set: duplicates collapse, and the schema's order makes equal sets look equal.
        return [.. ReportSchema.AdvocacyActions.Where(chosen.Contains)];
    }

    private static bool? ReadConsentToQuote(Fields fields)
    {
        const string name = "consentToQuote";
        if (!fields.TryGet(name, out var element))
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                fields.Error(name, "Must be true or false.");
                return null;
        }
    }

    private static string? ReadContactEmail(Fields fields)
    {
        const string name = "contactEmail";
        var email = fields.Text(name, ReportSchema.MaxEmailLength).Value;
        if (email is null)
        {
            return null;
        }

        if (!IsPlausibleEmail(email))
        {
            fields.Error(name, "Must be a single e-mail address like name@example.org.");
            return null;
        }

        return email;
    }

    private static bool IsPlausibleEmail(string email)
    {
        // MailAddress accepts display names, lists' first entries and folded spaces; requiring the parsed
        // address to equal the input rules those out, and a dotted domain rules out "name@localhost".
        if (email.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(email, out var address)
            || !string.Equals(address.Address, email, StringComparison.Ordinal))
        {
            return false;
        }

        var host = address.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !host.EndsWith('.');
    }

    private enum ReadStatus
    {
        Absent,
        Invalid,
        Valid,
    }

    private readonly record struct Read(ReadStatus Status, string? Value)
    {
        public static readonly Read Absent = new(ReadStatus.Absent, null);
        public static readonly Read Invalid = new(ReadStatus.Invalid, null);
    }

    /// <summary>An enumerated field's allowed values, matched case-insensitively to their canonical spelling.</summary>
    private sealed class Choice(ImmutableArray<string> values)
    {
        private readonly FrozenDictionary<string, string> _canonical =
            values.ToFrozenDictionary(value => value, value => value, StringComparer.OrdinalIgnoreCase);

        public string List { get; } = string.Join(", ", values);

        public bool TryGetCanonical(string value, out string canonical)
            => _canonical.TryGetValue(value, out canonical!);
    }

    /// <summary>Error messages by field, in the order found, without repeats.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public int Count => _byField.Count;

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var messages))
            {
                _byField[field] = [message];
            }
            else if (!messages.Contains(message))
            {
                messages.Add(message);
            }
        }

        public ReadOnlyDictionary<string, string[]> ToReadOnly()
            => new(_byField.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>The body's known fields, each present once; unknown and repeated fields are reported on the way in.</summary>
    private sealed class Fields
    {
        private readonly Dictionary<string, JsonElement> _single = new(StringComparer.Ordinal);
        private readonly HashSet<string> _repeated = new(StringComparer.Ordinal);
        private readonly Errors _errors;

        public Fields(JsonElement body, Errors errors)
        {
            _errors = errors;
            foreach (var property in body.EnumerateObject())
            {
                string name;
                try
                {
                    name = property.Name;
                }
                catch (InvalidOperationException)
                {
                    // A name with an unpaired surrogate can't be a string, so it can't be a key either.
                    errors.Add(BodyKey, "Field names must be valid Unicode text.");
                    continue;
                }

                if (!KnownFields.Contains(name))
                {
                    errors.Add(name, "Unknown field.");
                }
                else if (_repeated.Contains(name) || !_single.TryAdd(name, property.Value))
                {
                    // JsonDocument keeps every copy; taking either one silently would hide a client bug.
                    _single.Remove(name);
                    _repeated.Add(name);
                    errors.Add(name, "Must appear only once.");
                }
            }
        }

        public void Error(string field, string message) => _errors.Add(field, message);

        /// <summary>The field's value when it appears exactly once.</summary>
        public bool TryGet(string name, out JsonElement value) => _single.TryGetValue(name, out value);

        /// <summary>Reads a trimmed string: absent when missing, null or blank; control characters rejected.</summary>
        public Read Text(string name, int maxLength, bool required = false, bool allowLineBreaks = false)
        {
            if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return Missing(name, required);
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                Error(name, "Must be a string.");
                return Read.Invalid;
            }

            if (!TryGetString(element, out var raw))
            {
                Error(name, "Must not contain unpaired surrogate characters.");
                return Read.Invalid;
            }

            var text = raw.Trim();
            if (text.Length == 0)
            {
                return Missing(name, required);
            }

            foreach (var c in text)
            {
                if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
                {
                    Error(name, "Must not contain control characters.");
                    return Read.Invalid;
                }
            }

            if (text.Length > maxLength)
            {
                Error(name, $"Must be at most {maxLength} characters.");
                return Read.Invalid;
            }

            return new Read(ReadStatus.Valid, text);
        }

        /// <summary>Reads an enumerated value and returns its canonical spelling.</summary>
        public Read Choice(string name, Choice choice, bool required = false)
        {
            var text = Text(name, int.MaxValue, required);
            if (text.Value is null)
            {
                return text;
            }

            if (!choice.TryGetCanonical(text.Value, out var canonical))
            {
                Error(name, $"Must be one of: {choice.List}.");
                return Read.Invalid;
            }

            return new Read(ReadStatus.Valid, canonical);
        }

        /// <summary>Gets a string value, failing (rather than throwing) on an escaped unpaired surrogate.</summary>
        public static bool TryGetString(JsonElement element, out string value)
        {
            try
            {
                value = element.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                value = string.Empty;
                return false;
            }

            // Belt and braces: GetString rejects unpaired surrogates today, but the contract is ours to keep.
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private Read Missing(string name, bool required)
        {
            // A repeated field is already reported; "Required." on top would be wrong.
            if (required && !_repeated.Contains(name))
            {
                Error(name, "Required.");
            }

            return Read.Absent;
        }
    }
}
