using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using KissBot.Office;
using KissBot.Persistence;
using KissBot.Scheduler.Routes;
using KissBot.Tests.Console;
using KissBot.Tests.Console.Complaints;
using KissBot.Tests.Console.Ikm;
using KissBot.Time;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Bench;

/// <summary>
/// Every main page of the staff console with volume: 1,000 bookings (six a weekday over eight months: served, no-show
/// and cancelled in the past, today's route planned, requests and confirmations ahead), 500 complaints (a tenth overdue),
/// 2,000 SKM responses in the current semester and 1,000 chat users, in the database of a service started in this process
/// (embedded PostgreSQL). Logs in as a real account holding every role and requests each page over HTTP; prints
/// p50/p95/max per page and PASS/FAIL against 200 ms (p95); the exit code is 1 when a page fails.
/// </summary>
public static partial class ConsolePagesBenchmark
{
    private const string Password = "bench-password-123";
    private const double TargetMs = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(30);
        var port = EmbeddedPostgres.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dataDir = Path.Combine(Path.GetTempPath(), "kissbot-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        File.SetUnixFileMode(dataDir, (UnixFileMode)0b111_101_101);
        var app = KissBot.Bot.Program.Build([$"--urls={url}", $"--KissBot:DataDirectory={dataDir}", "--Scheduler:Enabled=false",
            "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var failed = false;
        try
        {
            var db = app.Services.GetRequiredService<KissBotDatabase>();
            for (var i = 0; i < 100 && !db.IsReady; i++) await Task.Delay(100);
            var clock = app.Services.GetRequiredService<TimeProvider>();
            var now = clock.GetUtcNow();
            var today = Wita.Today(clock);
            var seed = Stopwatch.StartNew();
            // 1,000 bookings: ~140 weekdays back (mostly served) to ~27 weekdays ahead; six per day.
            var firstDay = today.AddDays(-196);
            await BookingSeed.InsertAsync(db.Source, 1000, firstDay, today, perDay: 6, lastInbound: now);
            await ComplaintSeed.InsertAsync(db.Source, 1, 50, now.AddDays(-30), "verifikasi", now.AddDays(-5), year: today.Year);
            await ComplaintSeed.InsertAsync(db.Source, 51, 450, now.AddDays(-3), "diterima", now.AddDays(4), year: today.Year);
            var semesterStart = new DateOnly(today.Year, today.Month <= 6 ? 1 : 7, 1);
            await SurveySeed.InsertAsync(db.Source, 2000, semesterStart, today, "bench");
            await using (var analyze = db.Source.CreateCommand("ANALYZE")) await analyze.ExecuteNonQueryAsync();
            var plan = await app.Services.GetRequiredService<DayPlanService>().PlanDayAsync(today, "console:bench", CancellationToken.None);
            await app.Services.GetRequiredService<StaffAccounts>().CreateAsync("kadis", "Kepala Dinas", Password,
                [StaffRoles.Admin, StaffRoles.Koordinator, StaffRoles.Petugas, StaffRoles.Pengaduan], StaffActor.Cli);
            Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:F1} s; today's route: {plan.AllStops().Count()} stops.");

            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
                { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            var login = await http.GetStringAsync("/console");
            var token = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value);
            using var signedIn = await http.PostAsync("/console/masuk", new FormUrlEncodedContent(
                [new("username", "kadis"), new("password", Password), new("__af", token)]));
            if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("Login failed: " + signedIn.StatusCode);

            var booking = plan.AllStops().Select(s => s.Stop.BookingCode).FirstOrDefault() ?? $"KM-{today.Year}-00001";
            var complaint = $"PGD-{today.Year}-00007";
            var d = (DateOnly x) => x.ToString("yyyy-MM-dd");
            (string Role, string Name, string Path)[] pages =
            [
                ("koordinator", "permintaan (requested)", "/console/pemesanan"),
                ("koordinator", "papan hari ini+besok", "/console/papan"),
                ("koordinator", "papan filter status, 2 minggu", $"/console/papan?dari={d(today)}&sampai={d(today.AddDays(14))}&status=requested"),
                ("koordinator", "papan cari (60 hari)", $"/console/papan?dari={d(today.AddDays(-30))}&sampai={d(today.AddDays(30))}&q=ampenan"),
                ("koordinator", "detail pemesanan", "/console/pemesanan/" + booking),
                ("koordinator", "rute & peta hari ini", "/console/rute/" + d(today)),
                ("koordinator", "instansi", "/console/instansi"),
                ("petugas", "kunjungan hari ini", "/console/lapangan"),
                ("pengaduan", "kotak masuk", "/console/pengaduan"),
                ("pengaduan", "kotak masuk lewat batas", "/console/pengaduan?batas=lewat"),
                ("pengaduan", "kotak masuk status+kategori", "/console/pengaduan?status=diterima&kategori=WAKTU"),
                ("pengaduan", "cari tiket", "/console/pengaduan?q=" + complaint),
                ("pengaduan", "detail pengaduan", "/console/pengaduan/" + complaint),
                ("semua", "live chat (antrean+24 jam)", "/console/percakapan"),
                ("semua", "live chat antrean (poll)", "/console/percakapan/antrean"),
                ("admin", "IKM semester", "/console/ikm"),
                ("admin", "IKM satu kecamatan", "/console/ikm?kecamatan=Ampenan"),
                ("admin", "laporan semester", "/console/ikm/laporan"),
                ("admin", "tugas terjadwal", "/console/jobs"),
                ("admin", "log audit", "/console/admin/audit"),
                ("admin", "akun staf", "/console/admin/akun"),
            ];
            Console.WriteLine($"Console pages: 1,000 bookings, 500 complaints, 2,000 SKM responses, 1,000 chat users; {rounds} requests per page (after 3 warm-up)");
            Console.WriteLine($"| {"role",-11} | {"page",-30} | {"p50 ms",7} | {"p95 ms",7} | {"max ms",7} | result |");
            Console.WriteLine($"| {new string('-', 11)} | {new string('-', 30)} | {new string('-', 7)} | {new string('-', 7)} | {new string('-', 7)} | ------ |");
            foreach (var (role, name, page) in pages)
            {
                var times = new List<double>();
                for (var i = -3; i < rounds; i++)
                {
                    var sw = Stopwatch.StartNew();
                    using var res = await http.GetAsync(page);
                    await res.Content.ReadAsByteArrayAsync();
                    sw.Stop();
                    if (res.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{page}: HTTP {(int)res.StatusCode}");
                    if (i >= 0) times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
                var ok = p95 < TargetMs;
                failed |= !ok;
                Console.WriteLine($"| {role,-11} | {name,-30} | {times[times.Count / 2],7:F1} | {p95,7:F1} | {times[^1],7:F1} | {(ok ? "PASS" : "FAIL"),-6} |");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dataDir, true); } catch (Exception) { /* best effort */ }
        }
        return failed ? 1 : 0;
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
