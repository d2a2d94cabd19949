using KissBot.Access;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>
/// The one-time codes that open a booking from another device (the conversation is in
/// tests/Booking/transcripts/other-device-access.chat): never without the booking's phone or NIK, sent only to the
/// WhatsApp number on the booking, hashed, limited in wrong attempts, in requests per hour and in lifetime.
/// </summary>
public sealed class BookingAccessTests : IAsyncLifetime
{
    private KissBotApp _app = null!;
    private BookingAccessRepository _access = null!;
    private string _code = "";

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("access", FakeClock.Wita(2026, 11, 23, 10, 15));
        _access = _app.Services.GetRequiredService<BookingAccessRepository>();
        _code = await new Chat(_app.CreateClient(), "u-maker").BookVisitAsync("kamis jam 9"); // phone 0877-6543-2100
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private const string Phone = "+6287765432100";

    private Task<AccessCodeIssue> IssueAsync(string user, string? phone = Phone, string? nik = null) =>
        _access.IssueAsync(_code, phone, nik, user, (otp, to) => new OutboxMessage($"test:{Guid.NewGuid():N}", to, KissBot.Messaging.MessageKind.BookingAccessCode, Activity.CreateMessage("otp " + otp), [otp]));

    private async Task<List<(string To, string Otp)>> SentAsync()
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT user_key, template_params->>0 FROM outbox WHERE kind = 'booking.accesscode' ORDER BY id", conn);
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private async Task<Bookings.Booking> BookingAsync() => (await _app.Services.GetRequiredService<BookingRepository>().FindByCodeAsync(_code))!;

    [Fact]
    public async Task A_wrong_phone_or_nik_sends_nothing_and_the_code_alone_opens_nothing()
    {
        Assert.Equal(AccessCodeIssue.NoMatch, await IssueAsync("u-other", phone: "+6281299998888"));
        Assert.Equal(AccessCodeIssue.NoMatch, await IssueAsync("u-other", phone: null, nik: "5271015508900001"));
        Assert.Equal(AccessCodeIssue.NoMatch, await IssueAsync("u-other", phone: null, nik: null));
        Assert.Empty(await SentAsync());
        Assert.Equal(AccessCodeCheck.Wrong, await _access.VerifyAsync(_code, "u-other", "123456"));
        Assert.False(await _access.CanAccessAsync(await BookingAsync(), "webchat:u-other"));
    }

    [Fact]
    public async Task The_code_goes_to_the_bookings_WhatsApp_number_and_the_right_one_grants_the_booking_to_that_chat_only()
    {
        Assert.Equal(AccessCodeIssue.Sent, await IssueAsync("webchat:u-new", phone: null, nik: "5271054107850002")); // the NIK works too
        var (to, otp) = Assert.Single(await SentAsync());
        Assert.Equal("whatsapp:" + Phone, to);
        Assert.Equal(AccessCodeCheck.Granted, await _access.VerifyAsync(_code, "webchat:u-new", otp));
        Assert.True(await _access.CanAccessAsync(await BookingAsync(), "webchat:u-new"));
        Assert.Equal([_code], await _access.GrantedCodesAsync("webchat:u-new"));
        // Another chat cannot use the code meant for u-new, and a used code does not work twice.
        Assert.Equal(AccessCodeCheck.Wrong, await _access.VerifyAsync(_code, "webchat:u-thief", otp));
        Assert.False(await _access.CanAccessAsync(await BookingAsync(), "webchat:u-thief"));
        Assert.Equal(AccessCodeCheck.Wrong, await _access.VerifyAsync(_code, "webchat:u-new", otp));
        // Only its hash is stored.
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM access_codes WHERE code_hash LIKE '%' || @otp || '%'", conn);
        cmd.Parameters.AddWithValue("otp", otp);
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Three_wrong_codes_void_the_code_even_for_the_right_digits()
    {
        Assert.Equal(AccessCodeIssue.Sent, await IssueAsync("webchat:u-guess"));
        var otp = (await SentAsync()).Single().Otp;
        var wrong = otp == "000000" ? "000001" : "000000";
        Assert.Equal(AccessCodeCheck.Wrong, await _access.VerifyAsync(_code, "webchat:u-guess", wrong));
        Assert.Equal(AccessCodeCheck.Wrong, await _access.VerifyAsync(_code, "webchat:u-guess", wrong));
        Assert.Equal(AccessCodeCheck.TooManyAttempts, await _access.VerifyAsync(_code, "webchat:u-guess", wrong));
        Assert.Equal(AccessCodeCheck.TooManyAttempts, await _access.VerifyAsync(_code, "webchat:u-guess", otp));
        Assert.False(await _access.CanAccessAsync(await BookingAsync(), "webchat:u-guess"));
    }

    [Fact]
    public async Task Codes_expire_and_only_three_may_be_requested_per_hour()
    {
        Assert.Equal(AccessCodeIssue.Sent, await IssueAsync("webchat:u-slow"));
        var first = (await SentAsync()).Last().Otp;
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(AccessCodeCheck.Expired, await _access.VerifyAsync(_code, "webchat:u-slow", first));
        Assert.Equal(AccessCodeIssue.Sent, await IssueAsync("webchat:u-slow"));
        Assert.Equal(AccessCodeIssue.Sent, await IssueAsync("webchat:u-slow"));
        Assert.Equal(AccessCodeIssue.TooMany, await IssueAsync("webchat:u-slow"));
        _app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(AccessCodeIssue.Sent, await IssueAsync("webchat:u-slow"));
        Assert.Equal(AccessCodeCheck.Granted, await _access.VerifyAsync(_code, "webchat:u-slow", (await SentAsync()).Last().Otp));
    }
}
