using KissBot.Tests.Infrastructure;
using Xunit;
using static KissBot.Tests.Survey.SkmApiTestSupport;

namespace KissBot.Tests.Survey;

/// <summary>The printable semester report and the anonymous CSV export, over HTTP, from responses given by chat.</summary>
public sealed class SkmReportHttpTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("skmreport", Monday, Settings);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly (string User, string Name, string Phone, string Nik)[] People =
    [
        ("u-rep-1", "Hj. Baiq Rahmawati", "081907771111", "5271016505800011"),
        ("u-rep-2", "Lalu Ahmad Suparman", "081907772222", "5271011203750022"),
        ("u-rep-3", "I Gusti Ayu Putri", "081907773333", "5271015708900033"),
    ];

    [Fact]
    public async Task The_semester_report_renders_with_its_chart_and_the_csv_export_has_no_personal_identifiers()
    {
        var staff = Staff(_app);
        var codes = new List<string>();
        for (var i = 0; i < People.Length; i++)
        {
            var p = People[i];
            var code = await InsertBookingAsync(_app, $"KM-2026-{9300 + i:00000}", p.User, p.Name, p.Phone, p.Nik, "Mataram", 2);
            codes.Add(code);
            await ServedAsync(staff, code);
            await FillAsync(new Chat(_app.CreateClient(), p.User), [4, 3, 3, 4, 3, 4, 4, 3, 3],
                gender: i % 2 == 0 ? "2" : "1", age: (30 + 10 * i).ToString(), suggestion: $"Petugas ramah, hubungi saya di {p.Phone}");
        }

        using var res = await staff.GetAsync("/api/staff/skm/report?semester=2026-2");
        var html = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, html);
        Assert.Equal("text/html", res.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Semester II Tahun 2026", html);
        Assert.Contains("<svg", html);
        Assert.Contains("Persyaratan", html);
        Assert.Contains("Petugas ramah", html);           // the suggestions are in the report…
        foreach (var p in People)                          // …without the phone numbers, names or NIK
        {
            Assert.DoesNotContain(p.Phone, html);
            Assert.DoesNotContain(p.Nik, html);
            Assert.DoesNotContain(p.Name, html);
        }

        var byDates = await staff.GetStringAsync("/api/staff/skm/report?from=2026-11-01&to=2026-11-30");
        Assert.Contains("<svg", byDates);

        using var csvRes = await staff.GetAsync("/api/staff/skm/export.csv?from=2026-07-01&to=2026-12-31");
        var csv = await csvRes.Content.ReadAsStringAsync();
        Assert.True(csvRes.IsSuccessStatusCode, csv);
        Assert.Equal("text/csv", csvRes.Content.Headers.ContentType?.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("response_id,bulan,kecamatan,tingkat_risiko,jenis_kelamin,kelompok_usia,pendidikan,pekerjaan,U1,U2,U3,U4,U5,U6,U7,U8,U9", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",4,3,3,4,3,4,4,3,3", l));
        foreach (var p in People)
        {
            Assert.DoesNotContain(p.Phone, csv);
            Assert.DoesNotContain(p.Nik, csv);
            Assert.DoesNotContain(p.Name, csv);
            Assert.DoesNotContain(p.User, csv);
        }
        foreach (var code in codes) Assert.DoesNotContain(code, csv);

        using var anon = await _app.CreateClient().GetAsync("/api/staff/skm/export.csv?from=2026-07-01&to=2026-12-31");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anon.StatusCode);
    }
}
