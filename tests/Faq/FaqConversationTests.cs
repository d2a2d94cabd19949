using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Faq;

/// <summary>Free text at the menu, FAQ answers, clarification, honest fallback, and FAQ questions inside a booking.</summary>
public sealed class FaqConversationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("faq", Monday);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Chat NewChat(string user) => new(_app.CreateClient(), user);

    [Fact]
    public async Task Free_text_at_the_menu_is_routed_by_intent()
    {
        await Transcript.RunAsync(NewChat("u-route"), """
            user: assalamualaikum
            bot: Ada yang bisa kami bantu
            user: min sy mau pesen mobil kiss merried buat bikin nib di warung sy
            bot: kami bantu memesan kunjungan
            user: batal
            bot: proses dibatalkan
            user: booking saya gmn statusnya
            bot: Belum ada pemesanan
            user: mksh bnyk min
            bot: Sama-sama
            user: bisa sambung ke petugas aja?
            bot: permintaan Bapak/Ibu sudah kami catat
            """);
    }

    [Fact]
    public async Task A_requirement_question_gets_the_answer_and_related_questions()
    {
        var chat = NewChat("u-faq");
        var replies = await chat.SayAsync("bikin nib bayar gak sih?");
        var reply = replies[^1];
        Assert.Contains("gratis", reply.Text!, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(reply.SuggestedActions!.Actions.Count, 1, 3);
        // Tapping a related question answers it.
        var related = reply.SuggestedActions.Actions[0].Title;
        var next = await chat.SayAsync(related);
        Assert.DoesNotContain("Maksud Bapak/Ibu", Chat.TextOf(next));
        Assert.True(Chat.TextOf(next).Length > 40);
    }

    [Fact]
    public async Task Out_of_scope_questions_get_an_honest_answer_with_the_menu_and_a_human()
    {
        var replies = await NewChat("u-oos").SayAsync("cara perpanjang SIM di mana ya?");
        Assert.Contains("di luar layanan", Chat.TextOf(replies));
        Assert.Contains("Hubungi petugas", replies[^1].SuggestedActions!.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task A_vague_question_is_clarified_with_the_top_three()
    {
        var replies = await NewChat("u-grey").SayAsync("dokumen apa?");
        var reply = replies[^1];
        Assert.Contains("Maksud Bapak/Ibu yang mana?", reply.Text);
        Assert.Equal(3, reply.SuggestedActions!.Actions.Count);
    }

    [Fact]
    public async Task A_question_during_a_booking_is_answered_and_the_booking_resumes_at_the_same_step()
    {
        await Transcript.RunAsync(NewChat("u-interrupt"), """
            user: Pesan kunjungan KISS MERRIED
            user: Lalu Ahmad Fauzi
            user: 081234567890
            bot: NIK
            user: syaratnya apa aja ya buat perorangan?
            bot: email aktif
            bot: Kita lanjutkan pemesanannya
            bot: Mohon kirim NIK
            user: 5271011508900001
            bot: perorangan atau badan usaha
            """);
    }

    [Fact]
    public async Task Slots_in_the_first_message_are_not_asked_again()
    {
        await Transcript.RunAsync(NewChat("u-prefill"), """
            user: nama saya Baiq Nurul, mau booking kiss merried kamis jam 9 di pagesangan, wa 081234567890
            bot: kami bantu memesan kunjungan
            bot: Mohon kirim NIK
            user: 5271015508900001
            user: perorangan
            user: jualan kue
            user: 5
            bot: alamat lengkap atau patokan
            user: Jl. Gajah Mada 20
            bot: Kamis, 26 November 2026 pukul 09.00 WITA
            user: ya
            bot: Nama: Baiq Nurul
            bot: Kel. Pagesangan, Kec. Mataram
            """);
    }

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
