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

    /// <summary>Random bytes of a token of a batch (40 characters), after its 8-character bucket.</summary>
    private const int BatchTokenBytes = 30;

    /// <summary>Random bytes of a bucket (8 characters).</summary>
    private const int BucketBytes = 6;

    private const int BucketLength = 8;

    /// <summary>A fresh token.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>A fresh bucket: the tokens of one batch of links start with it and are stored together, in one transaction.</summary>
    public static string NewBucket() => Base64Url(RandomNumberGenerator.GetBytes(BucketBytes));

    /// <summary>
    /// A fresh token of a batch (48 characters): its <paramref name="bucket"/>, which only says where its hash is
    /// stored, then 240 random bits.
    /// </summary>
    public static string NewToken(string bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return bucket + Base64Url(RandomNumberGenerator.GetBytes(BatchTokenBytes));
    }

    /// <summary>The bucket a token of a batch is stored under; null for a single token.</summary>
    public static string? BucketOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length == BucketLength + 40 ? token[..BucketLength] : null;
    }

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
        => token is { Length: 43 or BucketLength + 40 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

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
