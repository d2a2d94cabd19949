using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Language;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>Issue 10, scenarios 5 and 6: absurd numbers and huge texts are refused cleanly instead of throwing or burning CPU.</summary>
public sealed class NumberOverflowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("sec_num", Monday);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("sejuta minggu lagi")]
    [InlineData("sembilan ratus sembilan puluh sembilan juta hari lagi")]
    [InlineData("dua ribu juta minggu yang lalu")]
    [InlineData("seratus ribu minggu kemudian")]
    public void AbsurdOffsetsGiveNoDateInsteadOfThrowing(string text) =>
        Assert.Null(DateTimeRecognizer.Recognize(text, Monday));

    [Fact]
    public void ReasonableOffsetsStillWork() =>
        Assert.Equal("2026-12-07", DateTimeRecognizer.Recognize("dua minggu lagi", Monday)!.ToValue());

    [Fact]
    public async Task ParseEndpointAnswersAMillionWeeksWithoutError()
    {
        using var res = await _app.CreateClient().PostAsJsonAsync("/api/nlu/parse", new { text = "bisa datang sejuta minggu lagi?" });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }

    [Fact]
    public async Task ParseEndpointRefusesAMegabyteOfTextInIndonesian()
    {
        var text = string.Concat(Enumerable.Repeat("besok jam 9 mau bikin nib sejuta minggu lagi ", 25_000)); // ~1 MB
        using var res = await _app.CreateClient().PostAsJsonAsync("/api/nlu/parse", new { text });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("terlalu panjang", body.GetProperty("error").GetProperty("message").GetString());
    }
}

/// <summary>Issue 10, scenario 5 on WhatsApp: "sejuta minggu lagi" used to throw in the turn, be retried 8 times, never be
/// answered and hold the user's next messages. Now it is answered at the first attempt and the next message follows at once.</summary>
public sealed class NumberOverflowWhatsAppTests
{
    [Fact]
    public async Task A_million_weeks_on_WhatsApp_is_answered_once_and_holds_nothing_back()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_num_wa", FakeClock.Wita(2026, 11, 23, 10, 15), ("WhatsApp:MaxRetries", "0"));
        foreach (var text in RecordScripts.Booking("Baiq Nurul Aini", "5271015508900601")[..8]) await wa.SayAsync(text);
        var absurd = WhatsAppHarness.NewWamid();
        var answer = WhatsAppHarness.Texts(await wa.SayAsync("sejuta minggu lagi", absurd));
        Assert.Contains("jam", answer); // asked again for a day and time it can use
        Assert.Equal(1, await wa.ScalarAsync<int>("SELECT attempts FROM whatsapp_inbox WHERE wamid = @p", absurd));
        Assert.Null(await wa.ScalarAsync<string>("SELECT last_error FROM whatsapp_inbox WHERE wamid = @p", absurd));
        // The next message is not held behind it.
        Assert.Contains("2026", WhatsAppHarness.Texts(await wa.SayAsync("besok jam 9")));
        Assert.Equal(0L, await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_inbox WHERE status <> 'done'"));
    }
}
