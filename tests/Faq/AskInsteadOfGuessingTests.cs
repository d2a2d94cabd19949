using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Faq;

/// <summary>
/// Issue 12, "ask instead of guessing": a close call between two intents or two FAQ entries is asked with buttons; an
/// in-scope question the knowledge base cannot answer gets "belum bisa kami jawab" with an officer (never "di luar
/// layanan"); only unrelated questions get the out-of-scope answer; every such question is kept, masked, for staff.
/// </summary>
public sealed class AskInsteadOfGuessingTests : IAsyncLifetime
{
    private const string StaffKey = "nlu-test-staff-key";
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("nluask", FakeClock.Wita(2026, 12, 3, 10, 0),
        new Dictionary<string, string?> { ["KissBot:StaffApiKey"] = StaffKey });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // The conversations (close calls, the honest "belum bisa kami jawab", out of scope) are tests/Faq/transcripts/*.chat.

    private Chat NewChat(string user) => new(_app.CreateClient(), user);

    [Fact]
    public async Task Unanswered_questions_are_kept_masked_for_staff()
    {
        await NewChat("u-review").SayAsync("nib bisa dipake buat ngajuin kredit motor ga? nik sy 5271015508900001");
        var http = _app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/staff/nlu/unanswered")).StatusCode);
        http.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        var rows = await http.GetFromJsonAsync<JsonElement>("/api/staff/nlu/unanswered?limit=50");
        var texts = rows.EnumerateArray().Select(r => r.GetProperty("text").GetString()!).ToList();
        var kept = Assert.Single(texts, t => t.Contains("kredit motor"));
        Assert.DoesNotContain("5271015508900001", kept);
        Assert.Contains("[nomor]", kept);
    }

    [Fact]
    public async Task Intents_the_bot_asked_about_or_was_unsure_of_are_kept_masked_for_staff_as_source_intent()
    {
        // a close call (asked with buttons, with a phone number in it) and a message the classifier cannot place well
        await NewChat("u-review-intent").SayAsync("KM-2026-00123 batal atau pindah hari? hp sy 081234567890");
        await NewChat("u-review-low").SayAsync("itu loh pak yg td");
        var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        var rows = (await http.GetFromJsonAsync<JsonElement>("/api/staff/nlu/unanswered?source=intent&limit=50")).EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal("intent", r.GetProperty("source").GetString()));
        var asked = Assert.Single(rows, r => r.GetProperty("text").GetString()!.Contains("pindah hari"));
        Assert.Equal("clarify", asked.GetProperty("outcome").GetString());
        Assert.Contains("booking.cancel:", asked.GetProperty("candidates").GetString());
        Assert.Contains("booking.reschedule:", asked.GetProperty("candidates").GetString());
        Assert.DoesNotContain("081234567890", asked.GetProperty("text").GetString());
        Assert.InRange(asked.GetProperty("confidence").GetDouble(), 0.0, 1.0);
        var unsure = Assert.Single(rows, r => r.GetProperty("text").GetString() == "itu loh pak yg td");
        Assert.Equal("low_confidence", unsure.GetProperty("outcome").GetString());
        Assert.True(unsure.GetProperty("confidence").GetDouble() < 0.5);
        var faqOnly = (await http.GetFromJsonAsync<JsonElement>("/api/staff/nlu/unanswered?source=faq&limit=100")).EnumerateArray();
        Assert.DoesNotContain(faqOnly, r => r.GetProperty("text").GetString() == "itu loh pak yg td");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync("/api/staff/nlu/unanswered?source=nope")).StatusCode);
    }
}
