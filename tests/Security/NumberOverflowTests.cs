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
