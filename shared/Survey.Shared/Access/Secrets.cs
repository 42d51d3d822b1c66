using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Access;

/// <summary>Compares secrets (keys, tokens, codes) in constant time, so the time taken does not tell how much of a guess was right.</summary>
public static class Secrets
{
    /// <summary>
    /// True when <paramref name="given"/> equals <paramref name="expected"/> (ordinal, UTF-8). Empty or missing values
    /// never match: an empty secret is a revoked one.
    /// </summary>
    public static bool FixedTimeEquals(string? given, string? expected)
    {
        if (string.IsNullOrEmpty(given) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        // Hashing first makes both sides the same length, so not even the length of the secret leaks.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
