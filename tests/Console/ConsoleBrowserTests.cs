using System.Text.RegularExpressions;
using KissBot.Office;
using KissBot.Tests.Browser;
using KissBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenQA.Selenium;
using Xunit;

namespace KissBot.Tests.Console;

/// <summary>
/// The coordinator's and the field officer's journeys in a real headless Chromium on the running service with its real
/// PostgreSQL: a citizen books by chat (Direct Line, as Web Chat does), the coordinator confirms the request and sees
/// it on the re-planned route, the field officer marks it served with an NIB, and the citizen's chat receives the SKM
/// invitation. Screenshots of each main page go to docs/screenshots. The service's day is Monday 23 November 2026
/// from 07:30 WITA (a shifted clock that keeps running), so the visit can be booked, confirmed and served "today".
/// </summary>
public sealed partial class ConsoleBrowserTests : IAsyncLifetime
{
    private const string Password = "konsol-rahasia-2026";
    private LiveKissBot _live = null!;
    private HeadlessChromium _browser = null!;

    public async Task InitializeAsync()
    {
        var clock = new ShiftedClock(new DateTimeOffset(2026, 11, 23, 7, 30, 0, TimeSpan.FromHours(8)));
        _live = await LiveKissBot.StartAsync("console_browser", s => { s.RemoveAll<TimeProvider>(); s.AddSingleton<TimeProvider>(clock); },
            "--Scheduler:Dispatcher:PollSeconds=1", "--Console:Lockout:MaxFailures=3");
        var accounts = _live.Services.GetRequiredService<StaffAccounts>();
        Assert.IsType<StaffChange.Done>(await accounts.CreateAsync("rina", "Rina Koordinator", Password, [StaffRoles.Koordinator], StaffActor.Cli));
        Assert.IsType<StaffChange.Done>(await accounts.CreateAsync("budi", "Budi Petugas", Password, [StaffRoles.Petugas], StaffActor.Cli));
        Assert.IsType<StaffChange.Done>(await accounts.CreateAsync("admin", "Admin Kantor", Password, [StaffRoles.Admin], StaffActor.Cli));
        _browser = new HeadlessChromium("1366,900");
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        await _live.DisposeAsync();
    }

    private IWebDriver Driver => _browser.Driver;

    private void Open(string path) => Driver.Navigate().GoToUrl(_live.BaseUrl + path);

    private void Login(string name, string password)
    {
        Open("/console");
        _browser.Find(By.Name("username")).SendKeys(name);
        _browser.Find(By.Name("password")).SendKeys(password);
        _browser.Find(By.CssSelector("form button[type=submit]")).Click();
    }

    private void Logout()
    {
        _browser.Find(By.XPath("//button[normalize-space(.)='Keluar']")).Click();
        _browser.WaitForText("Masuk ke Konsol KissBot");
    }

    private void Phone(bool phone) => Driver.Manage().Window.Size = phone ? new System.Drawing.Size(390, 844) : new System.Drawing.Size(1366, 900);

    /// <summary>The citizen books a visit for today 10:00 through Direct Line, as Web Chat does; returns the code.</summary>
    private async Task<(DirectLineClient Chat, string Code)> BookByChatAsync()
    {
        var http = new HttpClient { BaseAddress = new Uri(_live.BaseUrl) };
        var chat = new DirectLineClient(http);
        await chat.GenerateAsync();
        await chat.StartAsync();
        string[] lines = ["Pesan kunjungan KISS MERRIED", "Siti Rahmawati", "087765432100", "5271054107850002", "perorangan",
            "warung makan nasi puyung", "1", "Cakranegara Barat", "Jl. Pejanggik No. 10, depan masjid", "hari ini jam 10", "ya", "Ya, kirim"];
        var all = new List<string>();
        var n = 0;
        foreach (var line in lines)
        {
            var (status, _) = await chat.PostAsync(line, "c" + n++, chat.UserId);
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            await Task.Delay(300);
            all.AddRange((await chat.PollAsync()).Where(a => a.From?.Id != chat.UserId).Select(a => a.Text ?? ""));
        }
        var m = CodePattern().Match(string.Join("\n", all));
        Assert.True(m.Success, "The chat never gave a booking code:\n" + string.Join("\n---\n", all));
        return (chat, m.Value);
    }

    private static async Task<string> WaitForChatAsync(DirectLineClient chat, string text, int seconds = 40)
    {
        var seen = new List<string>();
        for (var i = 0; i < seconds * 2; i++)
        {
            seen.AddRange((await chat.PollAsync()).Select(a => a.Text ?? ""));
            if (seen.FirstOrDefault(t => t.Contains(text, StringComparison.OrdinalIgnoreCase)) is { } hit) return hit;
            await Task.Delay(500);
        }
        Assert.Fail($"The citizen's chat never received \"{text}\". It received:\n{string.Join("\n---\n", seen)}");
        return "";
    }

    [BrowserFact]
    public async Task A_coordinator_confirms_a_chat_booking_sees_it_on_the_route_and_the_field_officer_serves_it()
    {
        var (chat, code) = await BookByChatAsync();

        // The coordinator's first page lists the request with its code; confirming tells the citizen.
        Login("rina", Password);
        _browser.WaitForText("Permintaan kunjungan menunggu konfirmasi");
        _browser.WaitForText(code);
        Assert.Contains("Siti Rahmawati", _browser.PageText());
        _browser.SaveScreenshot("console-requests.png");
        _browser.Find(By.XPath($"//tr[.//strong[text()='{code}']]//button[normalize-space(.)='Konfirmasi']")).Click();
        _browser.WaitForText($"{code} dikonfirmasi");
        Assert.Contains("dikonfirmasi", await WaitForChatAsync(chat, code + " sudah dikonfirmasi"));

        // Today's plan is frozen: the coordinator re-plans it with one click and sees the stop on the map and the list.
        Open("/console/rute/2026-11-23");
        _browser.Find(By.XPath("//button[normalize-space(.)='Rencanakan ulang']")).Click();
        _browser.WaitForText("direncanakan ulang");
        _browser.WaitForText(code);
        Assert.Contains("Cakranegara Barat", _browser.Find(By.Id("route-map")).Text);
        _browser.SaveScreenshot("console-route.png");

        Open("/console/papan?dari=2026-11-23&sampai=2026-11-24");
        _browser.WaitForText("Terjadwal");
        _browser.SaveScreenshot("console-board.png");
        Open($"/console/pemesanan/{code}");
        _browser.WaitForText("Jl. Pejanggik No. 10");
        _browser.SaveScreenshot("console-booking.png");
        Open("/console/instansi");
        _browser.WaitForText("Dinas Kesehatan");
        _browser.SaveScreenshot("console-agencies.png");
        Logout();

        // The field officer, on a phone, marks the visit served with its NIB; the citizen's chat gets the SKM invitation.
        Phone(true);
        Login("budi", Password);
        _browser.WaitForText("Kunjungan hari ini");
        _browser.WaitForText(code);
        Assert.Contains("1. Perkiraan tiba", _browser.PageText());
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("a[href^='tel:']")));
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("a[href*='google.com/maps']")));
        _browser.SaveScreenshot("console-field.png");
        var card = _browser.Find(By.Id(code));
        card.FindElement(By.Name("nib")).SendKeys("9120301234567");
        card.FindElement(By.XPath(".//button[normalize-space(.)='Selesai dilayani']")).Click();
        _browser.WaitForText("undangan survei");
        _browser.WaitForText("9120301234567");
        Assert.Contains("Survei Kepuasan Masyarakat", await WaitForChatAsync(chat, "Survei Kepuasan"));
        Logout();
        Phone(false);

        // The admin sees who did what.
        Login("admin", Password);
        _browser.WaitForText("Akun staf");
        _browser.SaveScreenshot("console-accounts.png");
        Open("/console/admin/audit?subject=" + code);
        _browser.WaitForText("booking.served");
        Assert.Contains("console:rina", _browser.PageText());
        Assert.Contains("console:budi", _browser.PageText());
        _browser.SaveScreenshot("console-audit.png");
    }

    [BrowserFact]
    public void A_user_without_the_role_gets_403_for_pages_and_actions_and_wrong_passwords_lock_the_account()
    {
        Open("/console");
        _browser.SaveScreenshot("console-login.png");
        Login("budi", Password);
        _browser.WaitForText("Kunjungan hari ini");
        Open("/console/pemesanan");
        _browser.WaitForText("Akses ditolak");
        // An action: the officer's own page carries a valid antiforgery token; post it to a coordinator action.
        Open("/console/akun");
        ((IJavaScriptExecutor)Driver).ExecuteScript("""
            var f = document.createElement('form'); f.method = 'post'; f.action = '/console/admin/akun/baru';
            f.appendChild(document.querySelector('input[name=__af]').cloneNode());
            var u = document.createElement('input'); u.name = 'username'; u.value = 'mallory'; f.appendChild(u);
            var p = document.createElement('input'); p.name = 'password'; p.value = 'mallory-password-1'; f.appendChild(p);
            var r = document.createElement('input'); r.name = 'roles'; r.value = 'admin'; f.appendChild(r);
            document.body.appendChild(f); f.submit();
            """);
        _browser.WaitForText("Akses ditolak");
        Assert.Null(_live.Services.GetRequiredService<StaffAccounts>().FindByNameAsync("mallory").GetAwaiter().GetResult());
        Logout();

        for (var i = 0; i < 3; i++)
        {
            Login("rina", "salah-" + i);
            _browser.WaitForText(i < 2 ? "salah" : "terkunci");
        }
        Login("rina", Password); // even the right password is refused while locked
        _browser.WaitForText("terkunci");
    }

    [GeneratedRegex(@"KM-\d{4}-\d{5}")]
    private static partial Regex CodePattern();
}
