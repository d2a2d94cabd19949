using KissBot.Tests.Infrastructure;
using Xunit;
using static KissBot.Tests.Survey.SkmApiTestSupport;

namespace KissBot.Tests.Survey;

/// <summary>
/// The worked examples of skm.md §8, answered BY CHAT by ten pelaku usaha each, then read back THROUGH the staff IKM
/// endpoint. The expected numbers are skm.md's, written out here.
/// </summary>
public sealed class SkmIkmApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("skmikm", Monday, Settings);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task AnswerByChatAsync(int[][] rows, string kecamatan, int peoplePerVisit)
    {
        var staff = Staff(_app);
        for (var i = 0; i < rows.Length; i++)
        {
            var user = $"u-{kecamatan.ToLowerInvariant()}-{i + 1:00}";
            var code = await InsertBookingAsync(_app, $"KM-2026-{9100 + i:00000}", user, $"Responden {i + 1}", $"08123450{i + 1:0000}",
                $"52710101018{i + 1:00000}", kecamatan, peoplePerVisit);
            await ServedAsync(staff, code);
            await FillAsync(new Chat(_app.CreateClient(), user), rows[i]);
        }
    }

    private static void AssertElements(System.Text.Json.JsonElement ikm, decimal[] expectedNrr)
    {
        var elements = ikm.GetProperty("elements").EnumerateArray().ToList();
        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], elements.Select(e => e.GetProperty("code").GetString()));
        for (var i = 0; i < 9; i++)
            Assert.Equal(expectedNrr[i], Math.Round(Dec(elements[i], "nrr"), 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public async Task Example_1_by_chat_gives_IKM_80_00_grade_B_and_flags_a_sample_below_Krejcie_Morgan()
    {
        await AnswerByChatAsync(SkmExamples.Example1, "Ampenan", peoplePerVisit: 3);
        var staff = Staff(_app);

        var ikm = await GetJsonAsync(staff, "/api/staff/skm/ikm?from=2026-11-01&to=2026-11-30");
        Assert.Equal(10, ikm.GetProperty("respondents").GetInt32());
        // skm.md §8 Example 1: NRR 3.40 3.00 2.70 4.00 3.20 3.40 3.70 2.90 2.50; index 3.2000; IKM 80.00; B (Baik).
        AssertElements(ikm, [3.40m, 3.00m, 2.70m, 4.00m, 3.20m, 3.40m, 3.70m, 2.90m, 2.50m]);
        Assert.Equal(3.2000m, Dec(ikm, "index"));
        Assert.Equal(80.00m, Dec(ikm, "ikm"));
        Assert.Equal("B", ikm.GetProperty("grade").GetString());
        Assert.Equal("Baik", ikm.GetProperty("performance").GetString());
        // U9 62.50 would be D on its own; U4 100.00.
        var u9 = ikm.GetProperty("elements")[8];
        Assert.Equal(62.50m, Dec(u9, "converted"));
        Assert.Equal("D", u9.GetProperty("grade").GetString());

        // Population: 10 served visits × 3 pelaku usaha = 30 → Krejcie–Morgan minimum 28; 10 respondents are too few.
        var sample = ikm.GetProperty("sample");
        Assert.Equal(30, sample.GetProperty("population").GetInt32());
        Assert.Equal(28, sample.GetProperty("minimum").GetInt32());
        Assert.True(sample.GetProperty("tooSmall").GetBoolean());
        Assert.Equal(18, sample.GetProperty("shortfall").GetInt32());

        // Filters: another kecamatan or another period has no respondents and no IKM.
        var other = await GetJsonAsync(staff, "/api/staff/skm/ikm?from=2026-11-01&to=2026-11-30&kecamatan=Cakranegara");
        Assert.Equal(0, other.GetProperty("respondents").GetInt32());
        Assert.False(other.GetProperty("complete").GetBoolean());
        var before = await GetJsonAsync(staff, "/api/staff/skm/ikm?from=2026-10-01&to=2026-10-31");
        Assert.Equal(0, before.GetProperty("respondents").GetInt32());
        var same = await GetJsonAsync(staff, "/api/staff/skm/ikm?from=2026-11-23&to=2026-11-23&kecamatan=ampenan");
        Assert.Equal(80.00m, Dec(same, "ikm"));

        using var bad = await staff.GetAsync("/api/staff/skm/ikm?from=2026-11&to=2026-11-30");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Example_2_by_chat_gives_IKM_88_33_grade_A_which_a_0_11_weight_would_grade_B()
    {
        await AnswerByChatAsync(SkmExamples.Example2, "Cakranegara", peoplePerVisit: 1);

        var ikm = await GetJsonAsync(Staff(_app), "/api/staff/skm/ikm?from=2026-07-01&to=2026-12-31&kecamatan=Cakranegara");
        Assert.Equal(10, ikm.GetProperty("respondents").GetInt32());
        // skm.md §8 Example 2: NRR 3.70 3.40 3.10 4.00 3.60 3.70 3.90 3.40 3.00; index 53/15; IKM 88.33; A (Sangat baik).
        AssertElements(ikm, [3.70m, 3.40m, 3.10m, 4.00m, 3.60m, 3.70m, 3.90m, 3.40m, 3.00m]);
        Assert.Equal(3.5333m, Dec(ikm, "index"));
        Assert.Equal(88.33m, Dec(ikm, "ikm"));
        Assert.Equal("A", ikm.GetProperty("grade").GetString());
        Assert.Equal("Sangat baik", ikm.GetProperty("performance").GetString());

        // The pitfall of skm.md §6: with the rounded weight 0.11 the same NRRs give 87.45, which is B. The API must not.
        var nrrSum = ikm.GetProperty("elements").EnumerateArray().Sum(e => Dec(e, "nrr"));
        var wrong = Math.Round(nrrSum * 0.11m * 25m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(87.45m, wrong);
        Assert.True(wrong < 88.31m, "0.11 would grade it B");
        Assert.NotEqual(wrong, Dec(ikm, "ikm"));

        // Population 10 visits × 1 → minimum 10 → the census of 10 is enough.
        var sample = ikm.GetProperty("sample");
        Assert.Equal(10, sample.GetProperty("population").GetInt32());
        Assert.Equal(10, sample.GetProperty("minimum").GetInt32());
        Assert.False(sample.GetProperty("tooSmall").GetBoolean());
    }
}
