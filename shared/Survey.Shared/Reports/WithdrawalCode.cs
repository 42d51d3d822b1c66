using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Reports;

/// <summary>A well-formed code as typed: the hash it travels and is stored as, and whether this service issued it.</summary>
/// <param name="Hash">SHA-256 of the code's 32 characters, lowercase hex.</param>
/// <param name="Issued">The code carries this service's tag (see <see cref="WithdrawalCode"/>): only such a code may leave a tombstone.</param>
public readonly record struct TypedWithdrawalCode(string Hash, bool Issued);

/// <summary>
/// The code a reporter gets once, with which the report can be withdrawn: 128 random bits and a 32-bit tag
/// (HMAC-SHA256 of the random part under the service's withdrawal key, <see cref="WithdrawalKey"/>), 160 bits in base32
/// (A–Z, 2–7), shown as eight groups of four (<c>ABCD-EFGH-…</c>). Only its SHA-256 travels and is stored; 128 random
/// bits need no salt or slow hash. The tag lets a withdrawal tell, without reading storage, a code this service
/// issued from a made-up one (a 1 in 2^32 chance per guess), so nothing is written at intake and made-up codes
/// write nothing later.
/// </summary>
public static class WithdrawalCode
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int RandomBytes = 16;
    private const int TagBytes = 4;
    private const int Bytes = RandomBytes + TagBytes;
    private const int Characters = Bytes * 8 / 5;
    private const int Group = 4;

    /// <summary>A fresh code, tagged with <paramref name="key"/>, and the hash to store for it.</summary>
    public static (string Code, string Hash) Create(ReadOnlySpan<byte> key)
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        RandomNumberGenerator.Fill(bytes[..RandomBytes]);
        Tag(key, bytes[..RandomBytes], bytes[RandomBytes..]);
        var text = Encode(bytes);
        return (string.Join('-', text.Chunk(Group).Select(c => new string(c))), HashOf(text));
    }

    /// <summary>A code that looks like any other but withdraws nothing (tagged with a key thrown away): the answer to a honeypot post.</summary>
    public static string Decoy() => Create(RandomNumberGenerator.GetBytes(32)).Code;

    /// <summary>
    /// A code as typed or pasted (any case, with or without hyphens and spaces; 0, 1 and 8 are read as O, I and B),
    /// with whether <paramref name="key"/> issued it; null when the text cannot be a code.
    /// </summary>
    public static TypedWithdrawalCode? TryRead(string? typed, ReadOnlySpan<byte> key)
    {
        if (Normalize(typed) is not { } plain)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[Bytes];
        Decode(plain, bytes);
        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(key, bytes[..RandomBytes], expected);
        return new TypedWithdrawalCode(HashOf(plain), CryptographicOperations.FixedTimeEquals(expected, bytes[RandomBytes..]));
    }

    /// <summary>True when <paramref name="typed"/> can be a code at all (no key needed).</summary>
    public static bool IsWellFormed(string? typed) => Normalize(typed) is not null;

    private static string? Normalize(string? typed)
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

        return plain.Length == Characters ? plain.ToString() : null;
    }

    private static void Tag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> random, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, random, mac);
        mac[..TagBytes].CopyTo(tag);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(Characters);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }

    private static void Decode(string plain, Span<byte> bytes)
    {
        var buffer = 0;
        var bits = 0;
        var at = 0;
        foreach (var c in plain)
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes[at++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
    }

    private static string HashOf(string plain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(plain)));
}
