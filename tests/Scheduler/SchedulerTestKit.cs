using System.Collections.Concurrent;
using System.Text.Json;
using KissBot.Bookings;
using KissBot.Places;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>One activity the fake Connector received.</summary>
public sealed record ReceivedActivity(string ConversationId, string IdempotencyKey, Activity Activity);

/// <summary>
/// A Bot Framework Connector on loopback: accepts POST /v3/conversations/{id}/activities, records every request and
/// collapses requests with an Idempotency-Key it has already accepted (as a real receiver honouring the key would).
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedActivity> _requests = new();
    private readonly ConcurrentDictionary<string, ReceivedActivity> _delivered = new();

    /// <summary>Conversation ids for which the server answers this status instead of 200.</summary>
    public ConcurrentDictionary<string, int> FailWith { get; } = new();

    public string Url { get; }

    private FakeConnector(WebApplication app, string url) { _app = app; Url = url; }

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        FakeConnector? self = null;
        app.MapPost("/v3/conversations/{id}/activities", async (string id, HttpContext http) =>
        {
            var activity = (await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, ProtocolJson.Options))!;
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (self!.FailWith.TryGetValue(id, out var status)) return Results.StatusCode(status);
            var received = new ReceivedActivity(id, key, activity);
            self._requests.Enqueue(received);
            self._delivered.TryAdd(key, received);
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        var url = app.Urls.First();
        self = new FakeConnector(app, url);
        return self;
    }

    /// <summary>Every accepted request, duplicates included.</summary>
    public IReadOnlyList<ReceivedActivity> Requests => _requests.ToList();

    /// <summary>What the user sees: one message per idempotency key.</summary>
    public IReadOnlyList<ReceivedActivity> Delivered => _delivered.Values.ToList();

    public IReadOnlyList<ReceivedActivity> DeliveredTo(string conversationId) => Delivered.Where(d => d.ConversationId == conversationId).ToList();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public static class SchedulerTestKit
{
    public const string StaffKey = "test-staff-key";

    /// <summary>Settings for a scheduler test host: staff key, coordinator, no background dispatcher (tests drain it).</summary>
    public static Dictionary<string, string?> Settings(string? coordinator = "webchat:coordinator", params (string, string?)[] more)
    {
        var s = new Dictionary<string, string?>
        {
            ["KissBot:StaffApiKey"] = StaffKey,
            ["KissBot:DailyCapacity"] = "8",
            ["Scheduler:Coordinator:UserKey"] = coordinator,
            ["Scheduler:Dispatcher:Enabled"] = "false",
            ["Scheduler:IdleWaitSeconds"] = "1",
        };
        foreach (var (k, v) in more) s[k] = v;
        return s;
    }

    /// <summary>A chat user whose stored conversation reference points at the fake Connector (one message sent).</summary>
    public static async Task<Chat> ReachableUserAsync(KissBotApp app, string userId, FakeConnector connector, string text = "halo")
    {
        var chat = new Chat(app.CreateClient(), userId);
        var a = chat.NewActivity(ActivityTypes.Message);
        a.ServiceUrl = connector.Url;
        a.Text = text;
        await chat.SendAsync(a);
        return chat;
    }

    public static async Task<IReadOnlyList<Activity>> SayWithServiceUrlAsync(Chat chat, FakeConnector connector, string text)
    {
        var a = chat.NewActivity(ActivityTypes.Message);
        a.ServiceUrl = connector.Url;
        a.Text = text;
        return await chat.SendAsync(a);
    }

    /// <summary>Creates a booking in a kelurahan of Mataram and moves it to <paramref name="status"/>. Tests seed visits
    /// that are over or under way by the service's clock: the booking is made as it would have been, a week before the
    /// visit (the <see cref="VisitPolicy"/>'s clock; the office day and service hours still apply).</summary>
    public static async Task<KissBot.Bookings.Booking> BookAsync(IServiceProvider services, string owner, string kelurahan, DateOnly day, TimeOnly time,
        int people = 1, BookingStatus status = BookingStatus.Confirmed, string[]? stakeholders = null, string name = "Baiq Nurul Aini")
    {
        var options = services.GetRequiredService<BookingOptions>();
        var weekBefore = new FakeClock(KissBot.Time.Wita.At(day.AddDays(-7), new TimeOnly(10, 0)));
        var repo = new BookingRepository(services.GetRequiredService<KissBot.Persistence.KissBotDatabase>(), services.GetRequiredService<TimeProvider>(),
            new VisitPolicy(services.GetRequiredService<KissBot.Time.OfficeCalendar>(), options, weekBefore), options,
            services.GetRequiredService<BookingLimitOptions>());
        var k = services.GetRequiredService<KelurahanDirectory>().ByName(kelurahan) ?? throw new ArgumentException(kelurahan);
        var created = await repo.CreateAsync(new NewBooking(Guid.NewGuid().ToString("N"), owner, name, "+6281234567890", "5271010101010001",
            BusinessForm.Perorangan, true, null, "warung makan", null, stakeholders ?? [], people, k.Code, k.Name, k.Kecamatan,
            "Jl. Contoh No. 1", k.Latitude, k.Longitude, day, time), 99);
        var b = Assert.IsType<BookingResult.Created>(created).Booking;
        if (status != BookingStatus.Requested)
            b = Assert.IsType<BookingResult.Created>(await repo.TransitionAsync(b.Code, status, "staff:test", null, null)).Booking;
        return b;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string, object)[] ps)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        var result = (await cmd.ExecuteScalarAsync())!;
        if (result is DateTime dt && typeof(T) == typeof(DateTimeOffset)) return (T)(object)new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
        return (T)Convert.ChangeType(result, typeof(T));
    }

    public static async Task ExecAsync(string connectionString, string sql, params (string, object)[] ps)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Polls (real time, bounded) until the condition holds; for things a running scheduler does on its own thread.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20, string? connectionStringForDiagnostics = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        var runs = connectionStringForDiagnostics is null ? "" : " Runs: " + await ScalarAsync<string>(connectionStringForDiagnostics,
            "SELECT COALESCE(string_agg(job_name || '/' || outcome || '/' || COALESCE(error, '') || '/' || fire_id, '; '), '') FROM scheduler_job_runs");
        Assert.Fail("Timed out waiting for: " + what + runs);
    }
}
