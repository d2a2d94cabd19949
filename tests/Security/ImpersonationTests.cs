using System.Net;
using System.Net.Http.Json;
using System.Text;
using KissBot.Bookings;
using KissBot.Bot.Auth;
using KissBot.Bot.Hosting;
using KissBot.Bot.Messaging;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>
/// Issue 10, scenario 1: nobody can act as a WhatsApp (or own web-chat) user through /api/messages, and a client-chosen
/// serviceUrl is never called.
/// </summary>
public sealed class ImpersonationTests
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private const string Victim = "+6281234567890";

    /// <summary>The settings a real deployment gets: none of the test host's development defaults.</summary>
    private static Dictionary<string, string?> Production(params (string Key, string? Value)[] more)
    {
        var d = new Dictionary<string, string?>
        {
            ["BotAuth:AllowAnonymous"] = "false",
            ["BotAuth:ReservedChannels"] = "whatsapp,directline,webchat",
        };
        foreach (var (k, v) in more) d[k] = v;
        return d;
    }

    private static Activity Attack(string channel, string text, string? serviceUrl = "http://127.0.0.1:1/", bool expectReplies = true) => new()
    {
        Type = ActivityTypes.Message,
        Id = "atk-" + Guid.NewGuid().ToString("N"),
        ChannelId = channel,
        ServiceUrl = serviceUrl,
        From = new ChannelAccount(Victim, "Korban", RoleTypes.User),
        Recipient = new ChannelAccount("kissbot", "KissBot", RoleTypes.Bot),
        Conversation = new ConversationAccount(Victim),
        Text = text,
        DeliveryMode = expectReplies ? DeliveryModes.ExpectReplies : null,
    };

    private static async Task<string> VictimBookingAsync(KissBotApp app)
    {
        var repo = app.Services.GetRequiredService<BookingRepository>();
        var result = await repo.CreateAsync(new NewBooking(Guid.NewGuid().ToString("N"), "whatsapp:" + Victim, "Baiq Korban", "081234567890",
            "5271015508900001", BusinessForm.Perorangan, false, false, "warung", null, [], 1, null, "Mayura", "Cakranegara",
            "Jl. Rahasia No. 7", null, null, new DateOnly(2026, 11, 26), new TimeOnly(9, 0)), 4);
        return ((BookingResult.Created)result).Booking.Code;
    }

    [Fact]
    public async Task By_default_anonymous_activities_are_refused_before_their_body_is_even_parsed()
    {
        await using var app = await KissBotApp.StartAsync("sec_imp_default", Monday, Production());
        var http = app.CreateClient();
        using var good = await http.PostAsJsonAsync("/api/messages", Attack("whatsapp", "cek pesanan"), ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.Unauthorized, good.StatusCode);
        using var garbage = await http.PostAsync("/api/messages", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode); // 401, not 400: authentication comes first
        using var emulator = await http.PostAsJsonAsync("/api/messages", Attack("emulator", "halo"), ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.Unauthorized, emulator.StatusCode);
    }

    [Theory]
    [InlineData("whatsapp")]
    [InlineData("directline")]
    [InlineData("webchat")]
    [InlineData(" WhatsApp")]
    public async Task Even_in_anonymous_development_mode_the_channels_KissBot_serves_itself_are_refused(string channel)
    {
        await using var app = await KissBotApp.StartAsync("sec_imp_chan", Monday, Production(("BotAuth:AllowAnonymous", "true")));
        var code = await VictimBookingAsync(app);
        using var res = await app.CreateClient().PostAsJsonAsync("/api/messages", Attack(channel, "cek pesanan " + code), ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        var body = await res.Content.ReadAsStringAsync();
        Assert.DoesNotContain(code, body);
        Assert.DoesNotContain("Rahasia", body);
        using var cancel = await app.CreateClient().PostAsJsonAsync("/api/messages", Attack(channel, "batalkan " + code), ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        var booking = await app.Services.GetRequiredService<BookingRepository>().FindByCodeAsync(code);
        Assert.Equal(BookingStatus.Requested, booking!.Status);
    }

    [Fact]
    public async Task An_emulator_user_cannot_see_a_WhatsApp_users_bookings()
    {
        await using var app = await KissBotApp.StartAsync("sec_imp_cross", Monday, Production(("BotAuth:AllowAnonymous", "true")));
        var code = await VictimBookingAsync(app);
        var chat = new Chat(app.CreateClient(), Victim, channelId: "emulator", conversationId: Victim);
        var replies = Chat.TextOf(await chat.SayAsync("cek pesanan " + code));
        Assert.DoesNotContain("Rahasia", replies);
        Assert.DoesNotContain("Baiq Korban", replies);
    }

    [Fact]
    public async Task A_client_chosen_serviceUrl_is_never_called()
    {
        using var internalService = new RecordingListener();
        await using var app = await KissBotApp.StartAsync("sec_imp_ssrf", Monday, Production(("BotAuth:AllowAnonymous", "true")));
        var http = app.CreateClient();
        // A "?" would let the caller choose the path; user info would smuggle credentials.
        foreach (var url in new[] { internalService.BaseUrl + "admin/delete?x=", $"http://user:pw@127.0.0.1:{internalService.Port}/" })
        {
            using var res = await http.PostAsJsonAsync("/api/messages", Attack("emulator", "halo", url, expectReplies: false), ProtocolJson.Options);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        }
        Assert.Empty(internalService.Hits);

        // The only thing anonymous development mode allows: the Emulator on loopback, and without any credential.
        using var emu = await http.PostAsJsonAsync("/api/messages", Attack("emulator", "halo", internalService.BaseUrl, expectReplies: false), ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.OK, emu.StatusCode);
        var hit = Assert.Single(internalService.Hits.Take(1));
        Assert.StartsWith("/v3/conversations/", hit.Path);
        Assert.Null(hit.Authorization);
    }

    [Fact]
    public void Outbound_calls_go_only_to_configured_or_authenticated_serviceUrls_and_credentials_only_there()
    {
        var clock = new FakeClock(Monday);
        var trusted = new TrustedServiceUrls();
        var production = new ServiceUrlPolicy(ServiceUrlPolicy.DefaultTrusted, trusted, anonymousDevelopment: false, clock);
        Assert.Equal(ServiceUrlPolicy.Verdict.WithCredentials, production.Check("https://smba.trafficmanager.net/apac/"));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, production.Check("http://10.0.0.5:8080/"));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, production.Check("http://127.0.0.1:5432/"));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, production.Check("https://smba.trafficmanager.net.evil.example/"));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, production.Check("https://smba.trafficmanager.net/apac/?u=http://10.0.0.5/"));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, production.Check("file:///etc/passwd"));
        trusted.Trust("https://channel.example.com/", Monday.AddHours(24));
        Assert.Equal(ServiceUrlPolicy.Verdict.WithCredentials, production.Check("https://channel.example.com/"));
        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, production.Check("https://channel.example.com/"));

        var development = new ServiceUrlPolicy([], new TrustedServiceUrls(), anonymousDevelopment: true, clock);
        Assert.Equal(ServiceUrlPolicy.Verdict.WithoutCredentials, development.Check("http://localhost:3979/"));
        Assert.Equal(ServiceUrlPolicy.Verdict.Refused, development.Check("http://169.254.169.254/latest/"));
    }

    [Theory]
    [InlineData("http://0.0.0.0:3978", "BotAuth:AllowAnonymous", "true")]
    [InlineData("http://*:3978", "BotAuth:RequireHttpsMetadata", "false")]
    [InlineData("http://10.1.2.3:3978", "KissBot:StaffApiKey", "short")]
    [InlineData("http://[::]:3978", "ForwardedHeaders:KnownNetworks", "0.0.0.0/0")]
    public void A_production_configuration_with_a_hole_refuses_to_start_with_one_clear_line(string urls, string key, string value)
    {
        var e = Assert.Throws<InsecureConfigurationException>(() =>
            KissBot.Bot.Program.Build(["--urls=" + urls, $"--{key}={value}", "--ConnectionStrings:KissBot=Host=127.0.0.1;Port=1"]));
        Assert.StartsWith("KissBot refuses to start: ", e.Message);
        Assert.Contains(key, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task The_process_exits_with_code_2_instead_of_serving()
    {
        var code = await KissBot.Bot.Program.Main(["--urls=http://0.0.0.0:0", "--BotAuth:AllowAnonymous=true", "--ConnectionStrings:KissBot=Host=127.0.0.1;Port=1"]);
        Assert.Equal(2, code);
        // The same on loopback is local development and allowed.
        Assert.Empty(StartupGuard.Problems(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["BotAuth:AllowAnonymous"] = "true" }).Build(),
            new SecuritySettings { AllowAnonymous = true }, ["http://127.0.0.1:3978", "http://localhost:3979"]));
    }
}
