using KissBot.Bookings;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>Issue 10, scenario 4 and the abuse limits: bookings per person/number/NIK, messages per minute, message length.</summary>
public sealed class AbuseLimitTests
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);

    /// <summary>The documented defaults (see appsettings.sample.json), not the test host's "limits off".</summary>
    private static Dictionary<string, string?> Defaults() => new()
    {
        ["KissBot:Limits:MessagesPerMinute"] = "20",
        ["KissBot:Limits:MaxActiveBookingsPerUser"] = "2",
        ["KissBot:Limits:MaxActiveBookingsPerPhone"] = "2",
        ["KissBot:Limits:MaxActiveBookingsPerNik"] = "2",
        ["KissBot:DailyCapacity"] = "10",
    };

    private static NewBooking Booking(string owner, string phone, string nik, int day, string address = "Jl. Pejanggik No. 10") =>
        new(Guid.NewGuid().ToString("N"), owner, "Baiq Nurul Aini", phone, nik, BusinessForm.Perorangan, false, false, "warung makan",
            null, [], 1, null, "Mayura", "Cakranegara", address, null, null, new DateOnly(2026, 11, day), new TimeOnly(9, 0));

    [Fact]
    public async Task One_person_cannot_fill_the_office_days_with_bookings()
    {
        await using var app = await KissBotApp.StartAsync("sec_book_limit", Monday, Defaults());
        var repo = app.Services.GetRequiredService<BookingRepository>();
        const string nik = "5271015508900001";
        Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:anon-1", "081234500001", nik, 24), 10));
        Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:anon-2", "081234500002", nik, 25), 10));
        // A third chat, another number, the same NIK: refused, politely.
        var third = Assert.IsType<BookingLimitReached>(await repo.CreateAsync(Booking("webchat:anon-3", "081234500003", nik, 26), 10));
        Assert.Contains("Mohon maaf", third.Message);
        Assert.Contains("NIK", third.Message);
        Assert.Contains("2", third.Message);
        // Same number, other NIKs.
        Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:anon-4", "081299900009", "5271015508900002", 24), 10));
        Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:anon-5", "081299900009", "5271015508900003", 25), 10));
        Assert.Equal("phone", Assert.IsType<BookingLimitReached>(await repo.CreateAsync(Booking("webchat:anon-6", "081299900009", "5271015508900004", 26), 10)).Kind);
        // Same chat user, other numbers and NIKs.
        await repo.CreateAsync(Booking("webchat:one", "081200000001", "5271015508900011", 24), 10);
        await repo.CreateAsync(Booking("webchat:one", "081200000002", "5271015508900012", 25), 10);
        Assert.Equal("user", Assert.IsType<BookingLimitReached>(await repo.CreateAsync(Booking("webchat:one", "081200000003", "5271015508900013", 26), 10)).Kind);
        Assert.Equal(6L, await CountAsync(app, "SELECT count(*) FROM bookings"));

        // Once a booking is cancelled, a new one is possible again.
        var code = (await repo.ListByOwnerAsync("webchat:anon-1"))[0].Code;
        await repo.TransitionAsync(code, BookingStatus.Cancelled, "webchat:anon-1", "webchat:anon-1", null);
        Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:anon-3", "081234500003", nik, 26), 10));
    }

    [Fact]
    public async Task Free_text_fields_are_stored_bounded_and_without_control_characters()
    {
        await using var app = await KissBotApp.StartAsync("sec_fields", Monday, Defaults());
        var repo = app.Services.GetRequiredService<BookingRepository>();
        var huge = "Jl. " + new string('x', 5000) + "\u0007";
        var created = Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:f", "081234500001", "5271015508900001", 24, huge), 10));
        Assert.True(created.Booking.Address.Length <= 301, $"address of {created.Booking.Address.Length} characters stored");
        Assert.DoesNotContain('\u0007', created.Booking.Address);
    }

    [Fact]
    public async Task Reschedule_cannot_resurrect_a_cancelled_booking()
    {
        await using var app = await KissBotApp.StartAsync("sec_resched", Monday, Defaults());
        var repo = app.Services.GetRequiredService<BookingRepository>();
        var b = Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Booking("webchat:r", "081234500001", "5271015508900001", 24), 10)).Booking;
        await repo.TransitionAsync(b.Code, BookingStatus.Cancelled, "webchat:r", "webchat:r", null);
        Assert.IsType<BookingResult.NotChangeable>(await repo.RescheduleAsync(b.Code, "webchat:r", new DateOnly(2026, 11, 25), new TimeOnly(10, 0), 10));
        Assert.Equal(BookingStatus.Cancelled, (await repo.FindByCodeAsync(b.Code))!.Status);
    }

    [Fact]
    public async Task A_flood_of_messages_gets_one_polite_answer_and_then_silence_for_a_minute()
    {
        await using var app = await KissBotApp.StartAsync("sec_rate", Monday, new Dictionary<string, string?> { ["KissBot:Limits:MessagesPerMinute"] = "5" });
        var chat = new Chat(app.CreateClient(), "u-flood");
        for (var i = 0; i < 5; i++) Assert.DoesNotContain("terlalu banyak pesan", Chat.TextOf(await chat.SayAsync("halo")));
        Assert.Contains("terlalu banyak pesan", Chat.TextOf(await chat.SayAsync("halo")));
        Assert.Empty(await chat.SayAsync("halo"));
        Assert.Empty(await chat.SayAsync("halo"));
        var other = new Chat(app.CreateClient(), "u-calm"); // other users are not affected
        Assert.NotEmpty(await other.SayAsync("halo"));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var after = Chat.TextOf(await chat.SayAsync("halo"));
        Assert.NotEmpty(after);
        Assert.DoesNotContain("terlalu banyak pesan", after);
    }

    [Fact]
    public async Task A_too_long_message_gets_a_clear_Indonesian_answer_and_the_conversation_goes_on()
    {
        await using var app = await KissBotApp.StartAsync("sec_long", Monday);
        var chat = new Chat(app.CreateClient(), "u-long");
        var reply = Chat.TextOf(await chat.SayAsync(new string('a', 4001)));
        Assert.Contains("terlalu panjang", reply);
        Assert.Contains("4000", reply);
        Assert.DoesNotContain("terlalu panjang", Chat.TextOf(await chat.SayAsync("halo")));
    }

    private static async Task<long> CountAsync(KissBotApp app, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        return (long)(await new Npgsql.NpgsqlCommand(sql, conn).ExecuteScalarAsync())!;
    }
}
