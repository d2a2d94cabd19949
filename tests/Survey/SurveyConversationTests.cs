using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Xunit;
using static KissBot.Tests.Survey.SkmApiTestSupport;

namespace KissBot.Tests.Survey;

/// <summary>The SKM as a user meets it: the invitation after a served visit, the questionnaire by chat, one response per visit.</summary>
public sealed class SurveyConversationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("survey", Monday, Settings);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A conversation of this class, written as a file (tests/Survey/steps/*.chat).</summary>
    private static TranscriptFile Steps(string name) => TranscriptFile.Named(Path.Combine("Survey", "steps", name + ".chat"));

    [Fact]
    public async Task A_served_booking_invites_its_booker_once_with_the_survey_button_and_the_button_starts_the_survey()
    {
        var booker = new Chat(_app.CreateClient(), "u-booker");
        var code = await booker.BookVisitAsync("kamis jam 9");
        var staff = Staff(_app);
        _app.Clock.Set(FakeClock.Wita(2026, 11, 26, 11)); // the visit's day: "served" is accepted only from then on

        var served = await ServedAsync(staff, code, nibIssued: true, note: "NIB terbit");
        Assert.Equal("served", served.GetProperty("status").GetString());
        Assert.Equal(1, served.GetProperty("invited").GetInt32());
        await ServedAsync(staff, code, nibIssued: true); // a repeated call must not invite twice

        Assert.Equal(1L, await ScalarAsync<long>(_app, "SELECT count(*) FROM outbox WHERE kind = 'skm.invite'"));
        var activityJson = await ScalarAsync<string>(_app, "SELECT activity::text FROM outbox WHERE idempotency_key = @k AND user_key = @u",
            ("k", $"skm-invite:{code}:webchat:u-booker"), ("u", "webchat:u-booker"));
        var activity = JsonDocument.Parse(activityJson).RootElement;
        var text = activity.GetProperty("text").GetString()!;
        Assert.Contains(code, text);
        Assert.Contains("Survei Kepuasan Masyarakat", text);
        var buttons = activity.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Isi survei"], buttons);

        Assert.True(await ScalarAsync<bool>(_app, "SELECT nib_issued FROM bookings WHERE code = @c", ("c", code)));
        Assert.Equal("served", await ScalarAsync<string>(_app, "SELECT status FROM bookings WHERE code = @c", ("c", code)));
        Assert.Equal("api:integrasi", await ScalarAsync<string>(_app, // the API key's configured name; the X-Staff-Name header is ignored
            "SELECT h.actor FROM booking_status_history h JOIN bookings b ON b.id = h.booking_id WHERE b.code = @c AND h.to_status = 'served'", ("c", code)));

        await Steps("invitation-button").RunAsync(_app, new Dictionary<string, string> { ["code"] = code });
    }

    [Fact]
    public async Task A_cancelled_booking_cannot_be_marked_served_and_the_staff_api_needs_its_key()
    {
        await InsertBookingAsync(_app, "KM-2026-90001", "u-x", "Ahmad Fauzi", "081234500001", "5271010101800001", status: "cancelled");
        using var res = await Staff(_app).PostAsJsonAsync("/api/staff/bookings/KM-2026-90001/served", new { nibIssued = true });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, res.StatusCode);
        using var anon = await _app.CreateClient().PostAsJsonAsync("/api/staff/bookings/KM-2026-90001/served", new { nibIssued = true });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anon.StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>(_app, "SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task A_complete_survey_is_stored_by_element_code_and_a_second_one_for_the_same_visit_is_refused()
    {
        var code = await InsertBookingAsync(_app, "KM-2026-90002", "u-resp", "Baiq Nurul Aini", "081234500002", "5271014101900002", kecamatan: "Selaparang", status: "scheduled");
        await ServedAsync(Staff(_app), code, nibIssued: false);

        // The suggestion reads like an FAQ question: it must still be taken as the suggestion.
        await Steps("complete-survey").RunAsync(_app);

        var answers = await ScalarAsync<string>(_app, """
            SELECT string_agg(a.element_code || '=' || a.value, ',' ORDER BY a.element_code)
            FROM skm_answers a JOIN skm_responses r ON r.response_id = a.response_id JOIN bookings b ON b.id = r.booking_id WHERE b.code = @c
            """, ("c", code));
        Assert.Equal("U1=1,U2=2,U3=3,U4=4,U5=4,U6=3,U7=2,U8=1,U9=2", answers);
        Assert.Equal("Selaparang", await ScalarAsync<string>(_app, "SELECT kecamatan FROM skm_responses"));
        Assert.Equal("Apa syarat NIB bisa dipermudah?", await ScalarAsync<string>(_app, "SELECT suggestion FROM skm_responses"));
        Assert.Equal("2026-11-23", await ScalarAsync<string>(_app, "SELECT survey_date::text FROM skm_responses"));
        var responseId = await ScalarAsync<string>(_app, "SELECT response_id FROM skm_responses");
        Assert.Matches("^[0-9a-f]{32}$", responseId);
        Assert.False(await ScalarAsync<bool>(_app, "SELECT nib_issued FROM bookings WHERE code = @c", ("c", code)));

        // The transcript also asked again for the same visit and as someone never served: nothing more is stored.
        Assert.Equal(1L, await ScalarAsync<long>(_app, "SELECT count(*) FROM skm_responses"));
    }

    [Fact]
    public async Task Every_pelaku_usaha_of_a_served_visit_is_invited_and_may_answer_once_for_it()
    {
        var code = await InsertBookingAsync(_app, "KM-2026-90005", "u-host", "Muhammad Ridwan", "081234500005", "5271010101700005", people: 2);
        await ScalarAsync<int>(_app, """
            WITH p AS (INSERT INTO pelaku_usaha (user_key, name, phone, nik, business_form)
                       VALUES ('webchat:u-neighbour', 'Sri Wahyuni', '081234500006', '5271014101850006', 'perorangan') RETURNING id)
            INSERT INTO booking_participants (booking_id, pelaku_usaha_id) SELECT b.id, p.id FROM bookings b, p WHERE b.code = @c RETURNING 1
            """, ("c", code));
        var served = await ServedAsync(Staff(_app), code);
        Assert.Equal(2, served.GetProperty("invited").GetInt32());
        Assert.Equal("webchat:u-host,webchat:u-neighbour", await ScalarAsync<string>(_app,
            "SELECT string_agg(user_key, ',' ORDER BY user_key) FROM outbox WHERE idempotency_key LIKE 'skm-invite:' || @c || ':%'", ("c", code)));

        await FillAsync(new Chat(_app.CreateClient(), "u-host"), [3, 3, 3, 3, 3, 3, 3, 3, 3]);
        var neighbour = new Chat(_app.CreateClient(), "u-neighbour");
        await FillAsync(neighbour, [4, 4, 4, 4, 4, 4, 4, 4, 4], start: "Isi survei");
        await Steps("already-answered").RunAsync(_app);
        Assert.Equal(2L, await ScalarAsync<long>(_app, "SELECT count(*) FROM skm_responses WHERE booking_id IS NOT NULL"));
    }

    [Fact]
    public async Task A_half_finished_survey_resumes_at_the_same_question_after_a_restart_and_batal_discards_it()
    {
        var code = await InsertBookingAsync(_app, "KM-2026-90003", "u-resume", "Lalu Muhammad Zaini", "081234500003", "5271010101750003");
        await ServedAsync(Staff(_app), code);
        await Steps("resume-before-restart").RunAsync(_app);
        _app = await _app.RestartAsync();
        // "batal" in the middle of another visit's survey discards it; nothing half-finished is stored.
        var code2 = await InsertBookingAsync(_app, "KM-2026-90004", "u-batal", "Ni Made Ayu", "081234500004", "5271014101900004");
        await ScalarAsync<int>(_app, "UPDATE bookings SET status = 'served' WHERE code = @c RETURNING 1", ("c", code2));
        await Steps("resume-after-restart").RunAsync(_app);
        var answers = await ScalarAsync<string>(_app, "SELECT string_agg(element_code || '=' || value, ',' ORDER BY element_code) FROM skm_answers");
        Assert.Equal("U1=4,U2=4,U3=2,U4=4,U5=3,U6=3,U7=3,U8=3,U9=3", answers);
        Assert.Equal("Perempuan", await ScalarAsync<string>(_app, "SELECT gender FROM skm_responses"));
        Assert.Equal("S1", await ScalarAsync<string>(_app, "SELECT education FROM skm_responses"));

        Assert.Equal(1L, await ScalarAsync<long>(_app, "SELECT count(*) FROM skm_responses"));
    }

    [Fact]
    public async Task Ratings_in_everyday_words_are_stored_as_the_values_they_mean()
    {
        var code = await InsertBookingAsync(_app, "KM-2026-90006", "u-words", "Lalu Hendra", "081234500007", "5271012304850003", kecamatan: "Ampenan");
        await ServedAsync(Staff(_app), code);
        await Steps("everyday-words").RunAsync(_app);
        Assert.Equal("U1=4,U2=3,U3=2,U4=4,U5=3,U6=3,U7=4,U8=2,U9=4", await ScalarAsync<string>(_app,
            "SELECT string_agg(element_code || '=' || value, ',' ORDER BY element_code) FROM skm_answers"));
        Assert.Equal("Semoga mobilnya lebih sering datang", await ScalarAsync<string>(_app, "SELECT suggestion FROM skm_responses"));
        Assert.Equal("S1", await ScalarAsync<string>(_app, "SELECT education FROM skm_responses"));
    }
}
