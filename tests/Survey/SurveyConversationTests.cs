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

        await Transcript.RunAsync(booker, $"""
            user: Isi survei
            bot: Survei ini untuk kunjungan {code}
            bot: Bersedia? Balas YA atau TIDAK
            buttons: Ya | Tidak
            user: Ya
            bot: Pertanyaan 1 dari 9 – Persyaratan
            buttons: Tidak sesuai | Kurang sesuai | Sesuai | Sangat sesuai
            """);
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
        var chat = new Chat(_app.CreateClient(), "u-resp");

        // The suggestion reads like an FAQ question: it must still be taken as the suggestion.
        await FillAsync(chat, [1, 2, 3, 4, 4, 3, 2, 1, 2], start: "mau kasih penilaian", suggestion: "Apa syarat NIB bisa dipermudah?");

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

        await Transcript.RunAsync(chat, $"""
            user: isi survei
            bot: sudah mengisi survei untuk kunjungan {code}
            user: SKM
            bot: Setiap kunjungan cukup dinilai satu kali
            """);
        Assert.Equal(1L, await ScalarAsync<long>(_app, "SELECT count(*) FROM skm_responses"));

        // Someone who was never served is told so, and nothing is stored.
        var stranger = new Chat(_app.CreateClient(), "u-never-served");
        await Transcript.RunAsync(stranger, """
            user: mau isi survei
            bot: survei kepuasan diisi setelah Bapak/Ibu menerima layanan KISS MERRIED
            # not one of the survey's start words: routed by the intent classifier (survey.start)
            user: sy mau menilai petugas yg datang kemarin
            bot: survei kepuasan diisi setelah Bapak/Ibu menerima layanan KISS MERRIED
            """);
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
        await Transcript.RunAsync(neighbour, $"""
            user: Isi survei
            bot: sudah mengisi survei untuk kunjungan {code}
            """);
        Assert.Equal(2L, await ScalarAsync<long>(_app, "SELECT count(*) FROM skm_responses WHERE booking_id IS NOT NULL"));
    }

    [Fact]
    public async Task A_half_finished_survey_resumes_at_the_same_question_after_a_restart_and_batal_discards_it()
    {
        var code = await InsertBookingAsync(_app, "KM-2026-90003", "u-resume", "Lalu Muhammad Zaini", "081234500003", "5271010101750003");
        await ServedAsync(Staff(_app), code);
        var chat = new Chat(_app.CreateClient(), "u-resume");
        await Transcript.RunAsync(chat, """
            user: mau isi survei
            bot: Bersedia?
            user: ya
            bot: Pertanyaan 1 dari 9
            user: 4
            bot: Pertanyaan 2 dari 9
            user: sangat mudah
            bot: Pertanyaan 3 dari 9
            user: 2
            bot: Pertanyaan 4 dari 9 – Biaya/Tarif
            """);

        var app = await _app.RestartAsync();
        _app = app;
        var again = new Chat(app.CreateClient(), "u-resume");
        await Transcript.RunAsync(again, """
            user: gratis
            bot: Pertanyaan 5 dari 9
            user: 3
            user: 3
            user: 3
            user: 3
            user: 3
            bot: Jenis kelamin
            buttons: Laki-laki | Perempuan | Lewati
            user: Perempuan
            user: lewati
            user: S1
            bot: Pekerjaan utama
            user: Lainnya
            bot: sebutkan pekerjaan
            user: nelayan
            bot: saran atau masukan
            buttons: Lewati | Aduan
            user: lewati
            bot: Terima kasih, Bapak/Ibu. Penilaian Bapak/Ibu sangat berarti
            """);
        var answers = await ScalarAsync<string>(_app, "SELECT string_agg(element_code || '=' || value, ',' ORDER BY element_code) FROM skm_answers");
        Assert.Equal("U1=4,U2=4,U3=2,U4=4,U5=3,U6=3,U7=3,U8=3,U9=3", answers);
        Assert.Equal("Perempuan", await ScalarAsync<string>(_app, "SELECT gender FROM skm_responses"));
        Assert.Equal("S1", await ScalarAsync<string>(_app, "SELECT education FROM skm_responses"));

        // "batal" in the middle discards a questionnaire; nothing half-finished is stored.
        var code2 = await InsertBookingAsync(_app, "KM-2026-90004", "u-batal", "Ni Made Ayu", "081234500004", "5271014101900004");
        await ScalarAsync<int>(_app, "UPDATE bookings SET status = 'served' WHERE code = @c RETURNING 1", ("c", code2));
        var quitter = new Chat(app.CreateClient(), "u-batal");
        await Transcript.RunAsync(quitter, """
            user: isi survei
            user: ya
            user: 3
            bot: Pertanyaan 2 dari 9
            user: batal
            bot: proses dibatalkan
            user: isi survei
            bot: Bersedia?
            """);
        Assert.Equal(1L, await ScalarAsync<long>(_app, "SELECT count(*) FROM skm_responses"));
    }
}
