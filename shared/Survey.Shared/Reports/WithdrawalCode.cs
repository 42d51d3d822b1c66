using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Reports;

/// <summary>
/// The code a reporter gets once, with which the report can be withdrawn: 160 random bits in base32
/// (A–Z, 2–7), shown as eight groups of four (<c>ABCD-EFGH-…</c>). Only its SHA-256 travels and is stored;
/// 160 random bits need no salt or slow hash, nobody can search for a code by its hash.
/// </summary>
public static class WithdrawalCode
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int Bytes = 20;
    private const int Characters = Bytes * 8 / 5;
    private const int Group = 4;

    /// <summary>A fresh code and the hash to store for it.</summary>
    public static (string Code, string Hash) Create()
    {
        Span<byte> random = stackalloc byte[Bytes];
        RandomNumberGenerator.Fill(random);
        var plain = new StringBuilder(Characters);
        var buffer = 0;
        var bits = 0;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                plain.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        var text = plain.ToString();
        return (string.Join('-', text.Chunk(Group).Select(c => new string(c))), HashOf(text));
    }

    /// <summary>
    /// The hash of a code as typed or pasted (any case, with or without hyphens and spaces; 0, 1 and 8 are
    /// read as O, I and B), or null when it cannot be a code.
    /// </summary>
    public static string? TryHash(string? typed)
    {
        if (typed is null || typed.Length > 4 * Characters)
        {
            return null;
        }

        var plain = new StringBuilder(Characters);
        foreach (var c in typed)
        {
            var upper = char.ToUpperInvariant(c) switch
            {
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                var other => other,
            };
            if (upper is '-' or ' ' or '\t')
            {
                continue;
            }

            if (!Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            plain.Append(upper);
        }

        return plain.Length == Characters ? HashOf(plain.ToString()) : null;
    }

    private static string HashOf(string plain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(plain)));
}
