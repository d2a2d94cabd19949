using KissBot.Bookings;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>
/// The booking statement under concurrency (issue 13: creation is one round trip, its locks never wait for the
/// client): many people racing for the last places of a day never overbook it, codes stay unique and gap-free, the
/// coordinator hears about each created booking once with its real code, and one person's parallel requests respect
/// the active-booking limit.
/// </summary>
public sealed class BookingCapacityRaceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private static readonly DateOnly Thursday = new(2026, 11, 26);
    private static readonly DateOnly Friday = new(2026, 11, 27);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("race", Monday, new Dictionary<string, string?>
    {
        ["Scheduler:Coordinator:UserKey"] = "webchat:coordinator",
        ["Scheduler:Dispatcher:Enabled"] = "false",
        ["KissBot:Limits:MaxActiveBookingsPerNik"] = "2",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private BookingRepository Repo => _app.Services.GetRequiredService<BookingRepository>();

    private static NewBooking Request(int person, DateOnly day, string? requestId = null) =>
        new(requestId ?? Guid.NewGuid().ToString("N"), $"webchat:race-{person}", "Peserta Uji", $"08123450{person:0000}", $"527101550890{person:0000}",
            BusinessForm.Perorangan, false, false, "warung makan", null, [], 1, null, "Mayura", "Cakranegara", "Jl. Pejanggik 10",
            null, null, day, new TimeOnly(10, 0));

    [Fact]
    public async Task Forty_people_racing_for_the_last_three_places_of_a_day_get_exactly_three()
    {
        Assert.IsType<BookingResult.Created>(await Repo.CreateAsync(Request(100, Thursday), 4)); // one of four places taken

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Repo.CreateAsync(Request(i, Thursday), 4))));

        var created = results.OfType<BookingResult.Created>().Select(c => c.Booking).ToList();
        Assert.Equal(3, created.Count);
        Assert.Equal(37, results.Count(r => r is BookingResult.DayFull { Day: var d } && d == Thursday));
        Assert.Equal(4L, await ScalarAsync<long>("SELECT count(*) FROM bookings WHERE visit_date = '2026-11-26'"));
        // No half-written losers: one applicant row and one location per booking.
        Assert.Equal(4L, await ScalarAsync<long>("SELECT count(*) FROM pelaku_usaha"));
        Assert.Equal(4L, await ScalarAsync<long>("SELECT count(*) FROM locations"));
        // Codes unique and without gaps: the losers drew none.
        var codes = await ListAsync("SELECT code FROM bookings ORDER BY code");
        Assert.Equal(["KM-2026-00001", "KM-2026-00002", "KM-2026-00003", "KM-2026-00004"], codes);
        // The coordinator's notice of each booking carries its real code.
        foreach (var b in created)
            Assert.Contains(b.Code, await ScalarAsync<string>($"SELECT activity->>'text' FROM outbox WHERE idempotency_key = 'booking:{b.Code}:new'"));
        Assert.Equal(4L, await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'booking:KM-2026-%:new' AND user_key = 'webchat:coordinator'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE activity::text LIKE '%KM-CODE-%' OR idempotency_key LIKE '%KM-CODE-%'"));
    }

    [Fact]
    public async Task One_request_sent_twice_at_once_makes_one_booking_and_one_notice()
    {
        var request = Request(7, Friday, "req-twice");
        var results = await Task.WhenAll(Task.Run(() => Repo.CreateAsync(request, 4)), Task.Run(() => Repo.CreateAsync(request, 4)));

        var codes = results.Select(r => Assert.IsType<BookingResult.Created>(r).Booking.Code).Distinct().ToList();
        Assert.Single(codes);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM bookings WHERE request_id = 'req-twice'"));
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM outbox WHERE idempotency_key = 'booking:{codes[0]}:new'"));
    }

    [Fact]
    public async Task One_person_booking_five_days_at_once_gets_only_the_allowed_two()
    {
        var days = Enumerable.Range(0, 5).Select(i => new DateOnly(2026, 11, 30).AddDays(i)).ToList();
        var results = await Task.WhenAll(days.Select(d => Task.Run(() => Repo.CreateAsync(Request(9, d), 4))));

        Assert.Equal(2, results.Count(r => r is BookingResult.Created));
        Assert.Equal(3, results.Count(r => r is BookingLimitReached { Kind: "nik", Max: 2 }));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM bookings"));
    }

    [Fact]
    public async Task Twenty_people_booking_at_once_across_days_get_twenty_gap_free_codes_and_a_refused_request_draws_none()
    {
        // The code is drawn last in the booking's transaction (a pending code first): concurrent bookings on several
        // days still get consecutive codes, each carried by its notice, and a request the database refuses (0 people
        // breaks a CHECK) fails alone and leaves no gap.
        var days = Enumerable.Range(0, 4).Select(i => new DateOnly(2026, 11, 30).AddDays(i)).ToList();
        var requests = Enumerable.Range(200, 20).Select(i => Request(i, days[i % days.Count])).ToList();
        var bad = Request(300, days[0]) with { PeopleCount = 0 };
        var tasks = requests.Select(r => Task.Run(() => Repo.CreateAsync(r, 10))).ToList();
        var failing = Task.Run(() => Repo.CreateAsync(bad, 10));

        var results = await Task.WhenAll(tasks);
        await Assert.ThrowsAsync<PostgresException>(() => failing);

        Assert.All(results, r => Assert.IsType<BookingResult.Created>(r));
        Assert.Equal(20L, await ScalarAsync<long>("SELECT count(*) FROM bookings"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM bookings WHERE request_id = '{bad.RequestId}'"));
        var codes = await ListAsync("SELECT code FROM bookings ORDER BY code");
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"KM-2026-{i:00000}"), codes);
        Assert.Equal(codes, results.Select(r => ((BookingResult.Created)r).Booking.Code).Order()); // the codes the citizens are told
        Assert.Equal(20L, await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'booking:KM-2026-%:new'"));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }
}
