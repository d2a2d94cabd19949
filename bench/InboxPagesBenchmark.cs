using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using KissBot.Office;
using KissBot.Persistence;
using KissBot.Tests.Console.Complaints;
using KissBot.Tests.Console.Ikm;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Bench;

/// <summary>
/// The complaint handler's and the head of office's console pages with volume: 500 complaints (a tenth overdue) and
/// 2,000 SKM responses in the database of a service started in this process (embedded PostgreSQL). Logs in as a real
/// account and requests each page over HTTP; prints p50/p95/max per page and fails when a page's p95 is 200 ms or more.
/// </summary>
public static partial class InboxPagesBenchmark
{
    private const string Password = "bench-password-123";

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
            var now = DateTimeOffset.UtcNow;
            var today = DateOnly.FromDateTime(now.AddHours(8).DateTime);
            await ComplaintSeed.InsertAsync(db.Source, 1, 50, now.AddDays(-30), "verifikasi", now.AddDays(-5), year: today.Year);
            await ComplaintSeed.InsertAsync(db.Source, 51, 450, now.AddDays(-3), "diterima", now.AddDays(4), year: today.Year);
            var semesterStart = new DateOnly(today.Year, today.Month <= 6 ? 1 : 7, 1);
            await SurveySeed.InsertAsync(db.Source, 2000, semesterStart, today, "bench");
            await app.Services.GetRequiredService<StaffAccounts>().CreateAsync("kadis", "Kepala Dinas", Password,
                [StaffRoles.Admin], StaffActor.Cli);

            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
                { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            var login = await http.GetStringAsync("/console");
            var token = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value);
            using var signedIn = await http.PostAsync("/console/masuk", new FormUrlEncodedContent(
                [new("username", "kadis"), new("password", Password), new("__af", token)]));
            if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("Login failed: " + signedIn.StatusCode);

            var code = $"PGD-{today.Year}-00007";
            string[] pages =
            [
                "/console/pengaduan", "/console/pengaduan?batas=lewat", "/console/pengaduan?q=" + code, "/console/pengaduan/" + code,
                "/console/ikm", "/console/ikm?kecamatan=Ampenan", "/console/ikm/laporan", "/console/jobs",
            ];
            Console.WriteLine($"Console pages (complaints, IKM, jobs): 500 complaints, 2,000 SKM responses, {rounds} requests per page");
            foreach (var page in pages)
            {
                var times = new List<double>();
                for (var i = -3; i < rounds; i++) // 3 warm-up requests
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
                var ok = p95 < 200;
                failed |= !ok;
                Console.WriteLine($"{page,-42} p50 {times[times.Count / 2],6:F1} ms  p95 {p95,6:F1} ms  max {times[^1],6:F1} ms  {(ok ? "ok" : "TOO SLOW (≥ 200 ms)")}");
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
