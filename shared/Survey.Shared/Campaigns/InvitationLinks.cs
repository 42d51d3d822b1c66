using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Campaigns;

/// <summary>
/// The personal links of invitations: a token of 32 random bytes (256 bits, base64url) that only its
/// recipient ever sees; storage keeps its SHA-256, so a copy of the tables opens no link.
/// </summary>
public sealed class InvitationLinks(IOptions<CampaignOptions> options)
{
    private const int TokenBytes = 32;

    /// <summary>A fresh token.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The key a token is stored under: SHA-256 of its text, base64url (no character Table keys forbid).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>
    /// Whether the text has the shape of a token; anything else is refused without a storage lookup (and with
    /// the same answer as an unknown token).
    /// </summary>
    public static bool LooksLikeToken(string? token)
        => token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The hash an address is suppressed and de-duplicated under: SHA-256 of the trimmed, lower-cased address.</summary>
    public static string AddressHash(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())));
    }

    /// <summary>The survey link: <c>{PublicBaseUrl}/s/{token}</c>.</summary>
    public string SurveyLink(string token) => $"{options.Value.BaseUrl}/s/{token}";

    /// <summary>The unsubscribe link: <c>{PublicBaseUrl}/u/{token}</c>.</summary>
    public string UnsubscribeLink(string token) => $"{options.Value.BaseUrl}/u/{token}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
