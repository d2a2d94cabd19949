using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Faq;

/// <summary>The NLU parse and FAQ search endpoints (the FAQ conversations are tests/Faq/transcripts/*.chat).</summary>
public sealed class FaqConversationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("faq", Monday);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Parse_and_search_endpoints_answer_as_documented()
    {
        var http = _app.CreateClient();
        var res = await http.PostAsJsonAsync("/api/nlu/parse", new { text = "bsk bs dtg jm 9 gk? mau bikin nib", referenceTime = "2026-11-23T10:15:00+08:00" });
        var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("booking.create", json.GetProperty("intent").GetProperty("name").GetString());
        Assert.InRange(json.GetProperty("intent").GetProperty("confidence").GetDouble(), 0, 1);
        Assert.Equal(3, json.GetProperty("intents").GetArrayLength());
        var dt = json.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "datetime");
        Assert.Equal("2026-11-24T09:00", dt.GetProperty("value").GetString());

        // A period is a range entity the booking can ask about, not a guessed day.
        var week = JsonDocument.Parse(await (await http.PostAsJsonAsync("/api/nlu/parse", new { text = "bisa dtg minggu depan?", referenceTime = "2026-12-03T10:00:00+08:00" })).Content.ReadAsStringAsync()).RootElement;
        var range = week.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "daterange").GetProperty("value");
        Assert.Equal(("2026-12-07", "2026-12-13", "week"), (range.GetProperty("start").GetString(), range.GetProperty("end").GetString(), range.GetProperty("grain").GetString()));
        Assert.DoesNotContain(week.GetProperty("entities").EnumerateArray(), e => e.GetProperty("type").GetString() == "datetime");

        var hits = await http.GetFromJsonAsync<JsonElement>("/api/faq/search?q=syarat%20bikin%20nib%20perorangan&top=3");
        Assert.InRange(hits.GetArrayLength(), 1, 3);
        Assert.True(hits[0].TryGetProperty("answer", out _) && hits[0].TryGetProperty("score", out _));
        var none = await http.GetFromJsonAsync<JsonElement>("/api/faq/search?q=resep%20rendang%20padang");
        Assert.Equal(0, none.GetArrayLength());
    }
}
