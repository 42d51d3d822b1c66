using Survey.Shared.Access;

namespace Survey.Tests.Access;

public sealed class SecretsTests
{
    [Theory]
    [InlineData("committee-key-1", "committee-key-1", true)]
    [InlineData("committee-key-1", "committee-key-2", false)]
    [InlineData("committee-key-1", "COMMITTEE-KEY-1", false)]
    [InlineData("committee-key", "committee-key-1", false)]
    [InlineData("committee-key-1", "committee-key", false)]
    [InlineData("ключ-🔑", "ключ-🔑", true)]
    [InlineData("", "", false)]
    [InlineData(null, "committee-key-1", false)]
    [InlineData("committee-key-1", null, false)]
    [InlineData("committee-key-1", "", false)]
    public void Secrets_match_only_when_equal_and_not_empty(string? given, string? expected, bool match)
        => Assert.Equal(match, Secrets.FixedTimeEquals(given, expected));

}
