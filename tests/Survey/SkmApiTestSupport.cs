using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Survey;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Survey;

/// <summary>Helpers of the SKM HTTP/chat tests: served bookings in SQL, the staff API, a questionnaire by chat.</summary>
internal static class SkmApiTestSupport
{
    public const string StaffKey = "test-staff-key-skm";

    public static Dictionary<string, string?> Settings => new() { ["KissBot:StaffApiKey"] = StaffKey };

    public static HttpClient Staff(KissBotApp app)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        http.DefaultRequestHeaders.Add("X-Staff-Name", "petugas-uji");
        return http;
    }

    /// <summary>A booking (status <paramref name="status"/>) of a chat user of <paramref name="channel"/>, inserted directly.</summary>
    public static async Task<string> InsertBookingAsync(KissBotApp app, string code, string userId, string name, string phone, string nik,
        string kecamatan = "Ampenan", int people = 1, string status = "in_service", DateOnly? visit = null, string channel = "webchat")
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            WITH p AS (INSERT INTO pelaku_usaha (user_key, name, phone, nik, business_form) VALUES (@u, @name, @phone, @nik, 'perorangan') RETURNING id),
                 l AS (INSERT INTO locations (kelurahan, kecamatan, address) VALUES ('Ampenan Tengah', @kec, 'Jl. Uji 1') RETURNING id),
                 b AS (INSERT INTO bookings (code, request_id, user_key, pelaku_usaha_id, location_id, status, visit_date, visit_time,
                           business_description, people_count)
                       SELECT @code, @code, @u, p.id, l.id, @status, @day, '09:00', 'warung makan', @people FROM p, l RETURNING id, pelaku_usaha_id)
            INSERT INTO booking_participants (booking_id, pelaku_usaha_id) SELECT id, pelaku_usaha_id FROM b
            """, conn);
        cmd.Parameters.AddWithValue("u", channel + ":" + userId);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("phone", phone);
        cmd.Parameters.AddWithValue("nik", nik);
        cmd.Parameters.AddWithValue("kec", kecamatan);
        cmd.Parameters.AddWithValue("code", code);
        cmd.Parameters.AddWithValue("status", status);
        cmd.Parameters.AddWithValue("day", visit ?? new DateOnly(2026, 11, 23));
        cmd.Parameters.AddWithValue("people", people);
        await cmd.ExecuteNonQueryAsync();
        return code;
    }

    public static async Task<JsonElement> ServedAsync(HttpClient staff, string code, bool nibIssued = true, string? note = "NIB terbit di lokasi")
    {
        using var res = await staff.PostAsJsonAsync($"/api/staff/bookings/{code}/served", new { nibIssued, note });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"served answered {(int)res.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient staff, string url)
    {
        using var res = await staff.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} answered {(int)res.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Fills the whole questionnaire by chat with the given scores (U1..U9), alternating the typed number and the
    /// answer label, and checks every step the user sees.
    /// </summary>
    public static async Task FillAsync(Chat chat, IReadOnlyList<int> scores, string start = "mau isi survei",
        string gender = "1", string age = "35", string education = "SMA", string occupation = "wirausaha", string suggestion = "lewati")
    {
        var replies = Chat.TextOf(await chat.SayAsync(start));
        Assert.Contains("Survei Kepuasan Masyarakat", replies);
        replies = Chat.TextOf(await chat.SayAsync("ya"));
        Assert.Contains("Pertanyaan 1 dari 9", replies);
        for (var i = 0; i < 9; i++)
        {
            var element = SkmElements.All[i];
            var buttons = chat.LastReplies.Last().SuggestedActions?.Actions.Select(a => a.Title).ToList();
            Assert.Equal(element.Labels, buttons);
            var answer = i % 2 == 0 ? scores[i].ToString() : element.LabelOf(scores[i]);
            replies = Chat.TextOf(await chat.SayAsync(answer));
            Assert.Contains(i < 8 ? $"Pertanyaan {i + 2} dari 9" : "Jenis kelamin", replies);
        }
        Assert.Contains("usia", Chat.TextOf(await chat.SayAsync(gender)));
        Assert.Contains("Pendidikan terakhir", Chat.TextOf(await chat.SayAsync(age)));
        Assert.Contains("Pekerjaan utama", Chat.TextOf(await chat.SayAsync(education)));
        Assert.Contains("saran atau masukan", Chat.TextOf(await chat.SayAsync(occupation)));
        Assert.Contains("Terima kasih, Bapak/Ibu. Penilaian Bapak/Ibu sangat berarti", Chat.TextOf(await chat.SayAsync(suggestion)));
    }

    public static async Task<T> ScalarAsync<T>(KissBotApp app, string sql, params (string, object)[] ps)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        var result = (await cmd.ExecuteScalarAsync())!;
        return result is T t ? t : (T)Convert.ChangeType(result, typeof(T));
    }

    public static decimal Dec(JsonElement e, string name) => e.GetProperty(name).GetDecimal();
}
