namespace Survey.Shared.Text;

/// <summary>Makes any .NET string well-formed UTF-16, so it can be normalised, hashed and written as JSON.</summary>
internal static class UnicodeText
{
    /// <summary>The text with every unpaired surrogate replaced by U+FFFD; the same instance when there is none.</summary>
    public static string WellFormed(string text)
    {
        char[]? chars = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                chars ??= text.ToCharArray();
                chars[i] = '\uFFFD';
            }
        }

        return chars is null ? text : new string(chars);
    }
}
