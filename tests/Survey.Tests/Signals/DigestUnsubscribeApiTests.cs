using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Campaigns;
using Survey.Shared.Signals;
using Survey.Tests.Infrastructure;
using static Survey.Shared.Html.Html;

namespace Survey.Tests.Signals;

/// <summary>
/// The digest's unsubscribe page and its confirmation, over HTTP on the runner, in the form's three languages, chosen
/// as the form chooses: <c>?lang=</c>, then the browser's <c>Accept-Language</c>, then English.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class DigestUnsubscribeApiTests(ServiceFixture fixture)
{
    [Fact]
    public async Task The_digest_unsubscribe_page_and_its_confirmation_are_in_Spanish_for_a_browser_that_asks_for_Spanish()
        => await UnsubscribesInAsync(
            query: string.Empty,
            acceptLanguage: "es-MX,es;q=0.9,en;q=0.5",
            new("es", "Darse de baja del resumen de señales", "Pulse el botón para no recibir más resúmenes de señales de cobertura.", "Darme de baja",
                "Se dio de baja", "No le enviaremos más resúmenes de señales de cobertura."));

    [Fact]
    public async Task The_digest_unsubscribe_page_opened_with_lang_pt_is_in_Portuguese_and_its_button_keeps_Portuguese_for_the_confirmation()
        => await UnsubscribesInAsync(
            query: "?lang=pt",
            acceptLanguage: "en-US,en;q=0.9",
            new("pt", "Cancelar a inscrição no resumo de sinais", "Pressione o botão para não receber mais resumos de sinais de cobertura.", "Cancelar a inscrição",
                "Inscrição cancelada", "Não enviaremos mais resumos de sinais de cobertura."));

    [Fact]
    public async Task The_digest_unsubscribe_page_opened_with_lang_en_is_in_English_even_from_a_Portuguese_browser()
        => await UnsubscribesInAsync(
            query: "?lang=en",
            acceptLanguage: "pt-BR,pt;q=0.9",
            new("en", "Unsubscribe from the signals digest", "Press the button to receive no more digests of coverage signals.", "Unsubscribe",
                "You are unsubscribed", "We will not send you any more digests of coverage signals."));

    /// <summary>
    /// Opens a subscriber's unsubscribe link (with <paramref name="query"/>) from a browser sending <paramref name="acceptLanguage"/>,
    /// presses the page's button, and checks both pages are in <paramref name="expected"/>'s language and the address is unsubscribed.
    /// </summary>
    private async Task UnsubscribesInAsync(string query, string acceptLanguage, Words expected)
    {
        var (token, address) = await SubscribedTokenAsync();
        var link = $"/api/signals/unsubscribe/{token}{query}";

        var page = await SendAsync(HttpMethod.Get, link, acceptLanguage);
        var confirmation = await SendAsync(HttpMethod.Post, link, acceptLanguage);

        Assert.Contains($"<html lang=\"{expected.Language}\">", page, StringComparison.Ordinal);
        Assert.Contains("<title>" + Encode(expected.Title) + "</title>", page, StringComparison.Ordinal);
        Assert.Contains("<p>" + Encode(expected.Text) + "</p>", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{link}\"", page, StringComparison.Ordinal);
        Assert.Contains(">" + Encode(expected.Button) + "</button>", page, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{expected.Language}\">", confirmation, StringComparison.Ordinal);
        Assert.Contains("<h1>" + Encode(expected.DoneTitle) + "</h1>", confirmation, StringComparison.Ordinal);
        Assert.Contains("<p>" + Encode(expected.DoneText) + "</p>", confirmation, StringComparison.Ordinal);
        Assert.False(await IsSubscribedAsync(address));
    }

    private SignalStore Store => fixture.App.Services.GetRequiredService<SignalStore>();

    /// <summary>A subscriber and an unsubscribe token for it, stored as a digest's send stores them (the token's hash only).</summary>
    private async Task<(string Token, string Address)> SubscribedTokenAsync()
    {
        var address = $"digest-{Guid.NewGuid():N}@example.org";
        var token = InvitationLinks.NewToken();
        var addressHash = InvitationLinks.AddressHash(address);
        Assert.True(await Store.AddSubscriberAsync(addressHash, address, DateTimeOffset.UnixEpoch, default));
        await Store.AddTokenAsync(InvitationLinks.Hash(token), addressHash, DateTimeOffset.UnixEpoch, default);
        return (token, address);
    }

    private async Task<bool> IsSubscribedAsync(string address)
        => (await Store.ListSubscribersAsync(default)).Any(s => s.AddressHash == InvitationLinks.AddressHash(address));

    /// <summary>The page's HTML; it must be a 200.</summary>
    private async Task<string> SendAsync(HttpMethod method, string path, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await fixture.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {html}");
        return html;
    }

    /// <summary>What a reader of the pages should see, in one language.</summary>
    private sealed record Words(string Language, string Title, string Text, string Button, string DoneTitle, string DoneText);
}
