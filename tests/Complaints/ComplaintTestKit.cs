using System.Text.Json;
using KissBot.Bookings;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>Helpers shared by the complaint conversation and staff API tests.</summary>
public static class ComplaintTestKit
{
    public const string StaffKey = "test-staff-key";
    public const string PrivilegedKey = "test-privileged-key";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var s = new Dictionary<string, string?>
        {
            ["KissBot:StaffApiKey"] = StaffKey,
            ["KissBot:ComplaintPrivilegedApiKey"] = PrivilegedKey,
            ["KissBot:ComplaintContact"] = "(kontak uji)",
        };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    /// <summary>A complaint with contact by e-mail, no booking and no attachment (tests/Complaints/steps/); returns the ticket.</summary>
    public static async Task<string> ComplainAsync(Chat chat, string category = "3", string name = "Budi Santoso") =>
        (category == "4"
            ? await chat.RunStepsAsync("Complaints/steps/complain-about-pungli-by-email.chat", ("name", name))
            : await chat.RunStepsAsync("Complaints/steps/complain-by-email.chat", ("category", category), ("name", name)))["tiket"];

    /// <summary>An anonymous complaint (tests/Complaints/steps/); returns the ticket.</summary>
    public static async Task<string> AnonymousComplainAsync(Chat chat, string category = "4") =>
        (category == "4"
            ? await chat.RunStepsAsync("Complaints/steps/complain-about-pungli-anonymously.chat")
            : await chat.RunStepsAsync("Complaints/steps/complain-anonymously.chat", ("category", category)))["tiket"];

    public static async Task<KissBot.Bookings.Booking> BookAsync(KissBotApp app, string ownerKey, DateOnly day)
    {
        var repo = app.Services.GetRequiredService<BookingRepository>();
        var r = await repo.CreateAsync(new NewBooking(Guid.NewGuid().ToString("N"), ownerKey, "Siti Rahmawati", "+6287765432100", "5271054107850002",
            BusinessForm.Perorangan, null, null, "warung makan", null, [], 1, null, "Pagesangan", "Mataram", "Jl. Pendidikan 1", null, null,
            day, new TimeOnly(9, 0)), 10);
        return ((BookingResult.Created)r).Booking;
    }

    public static async Task<List<(string Key, string UserKey, string Text, JsonElement Activity)>> OutboxAsync(KissBotApp app, string code)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT idempotency_key, user_key, activity::text FROM outbox WHERE idempotency_key LIKE @p ORDER BY id", conn);
        cmd.Parameters.AddWithValue("p", $"complaint:{code}:%");
        var list = new List<(string, string, string, JsonElement)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var a = JsonDocument.Parse(r.GetString(2)).RootElement.Clone();
            list.Add((r.GetString(0), r.GetString(1), a.GetProperty("text").GetString()!, a));
        }
        return list;
    }
}
